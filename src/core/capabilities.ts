/**
 * What the browser can do, as plain data (the probe that fills it lives in
 * src/platform/probe.ts), and the pure choice of execution provider and dtype
 * for each model, with the reason shown to the user.
 */
import type { PageFeatures } from './features.ts';
import type { Device, DType, ModelEntry } from './manifest.ts';

export interface WebGpuInfo {
  /** An adapter was actually obtained (not merely `'gpu' in navigator`). */
  readonly available: boolean;
  /** Why not, when it is not available. */
  readonly reason: string | null;
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** A software adapter (SwiftShader): correct, but no speed figure. */
  readonly isFallbackAdapter: boolean;
  /**
   * Models may run on it: an adapter was obtained and it is a hardware one (a software adapter is
   * slower than WASM), unless software adapters were explicitly allowed.
   */
  readonly useForModels: boolean;
  /** Why models no longer use an adapter they could (its device was lost twice in this visit). */
  readonly unusedBecause?: string;
  readonly shaderF16: boolean;
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
}

export interface Capabilities {
  readonly webgpu: WebGpuInfo;
  readonly crossOriginIsolated: boolean;
  /** How the page is isolated: the host's COOP/COEP headers, or the service worker where the host sets none. */
  readonly isolatedBy?: 'headers' | 'service-worker' | null;
  readonly sharedArrayBuffer: boolean;
  readonly wasmSimd: boolean;
  readonly hardwareConcurrency: number;
  /** WASM threads the app will use (1 unless cross-origin isolated). */
  readonly wasmThreads: number;
  /** `navigator.deviceMemory` in GB (approximate: the browser rounds it, and may cap it); null where not reported. */
  readonly deviceMemoryGb?: number | null;
  /** The other web features the page relies on (absent: not probed, taken as present). */
  readonly features?: PageFeatures;
}

export const NO_WEBGPU: WebGpuInfo = {
  available: false,
  reason: null,
  vendor: '',
  architecture: '',
  description: '',
  isFallbackAdapter: false,
  useForModels: false,
  shaderF16: false,
  features: [],
  limits: {},
};

export function wasmThreadCount(crossOriginIsolated: boolean, hardwareConcurrency: number): number {
  if (!crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, Math.floor(hardwareConcurrency / 2) || 1));
}

export interface BackendChoice {
  readonly device: Device;
  readonly dtype: DType;
  readonly reason: string;
}

export function adapterName(gpu: WebGpuInfo): string {
  const name = gpu.description || [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  return gpu.isFallbackAdapter ? `${name} (software)` : name;
}

/** Pick the execution provider and dtype for one model on this browser. */
export function chooseBackend(entry: ModelEntry, caps: Capabilities): BackendChoice {
  const wantsGpu = entry.devices[0] === 'webgpu';
  if (wantsGpu && caps.webgpu.useForModels) {
    const f16 = caps.webgpu.shaderF16 && entry.dtype['webgpu-f16'] !== undefined;
    const dtype = f16 ? entry.dtype['webgpu-f16'] : entry.dtype.webgpu;
    if (dtype !== undefined) {
      return {
        device: 'webgpu',
        dtype,
        reason: `WebGPU on ${adapterName(caps.webgpu)}${f16 ? ', shader-f16' : ''}`,
      };
    }
  }
  const dtype = entry.dtype.wasm;
  if (dtype === undefined || !entry.devices.includes('wasm')) {
    const why = caps.webgpu.reason ?? (caps.webgpu.available ? 'only a software adapter' : 'no WebGPU adapter');
    throw new Error(`${entry.name} needs WebGPU, which this browser cannot give: ${why}`);
  }
  const threads = `${caps.wasmThreads} thread${caps.wasmThreads === 1 ? '' : 's'}`;
  let reason: string;
  if (!wantsGpu) reason = entry.deviceNote ?? 'WASM by design';
  else if (!caps.webgpu.available) reason = 'no WebGPU adapter';
  else if (!caps.webgpu.useForModels)
    reason = caps.webgpu.unusedBecause ?? 'the WebGPU adapter is a software renderer, slower than WASM';
  else reason = 'no WebGPU dtype for this model';
  return { device: 'wasm', dtype, reason: `WASM, ${threads}: ${reason}` };
}

export type ExplainerModelId = 'smolvlm-256m' | 'smollm2-135m' | 'gemma4-e2b';

/** The Omni model's largest single weight (Gemma 4 E2B's per-layer embedding table, ~1.2 GB at 4 bits) must fit one GPU buffer. */
export const OMNI_MIN_BUFFER_BYTES = 2 * 1024 ** 3;
/** Below this the ~3 GB of Omni weights would crowd out the page and the other models. */
export const OMNI_MIN_DEVICE_MEMORY_GB = 8;

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GiB`;

/**
 * Whether this browser may be offered the Omni tier (audio + image in one 2B-class model, WebGPU
 * only): a hardware adapter used for models, shader-f16 (the 4-bit/f16 files the official WebGPU demo
 * runs), a 2 GiB buffer, and 8 GB of memory where the browser reports it. The reason is shown by the
 * tier menu either way.
 */
export function omniOffer(caps: Capabilities): { readonly ok: boolean; readonly reason: string } {
  const gpu = caps.webgpu;
  const no = (reason: string) => ({ ok: false, reason });
  if (!gpu.available) return no(`needs WebGPU (${gpu.reason ?? 'no adapter'})`);
  if (!gpu.useForModels) return no('needs a hardware GPU; this adapter is a software renderer');
  if (!gpu.shaderF16) return no('needs the shader-f16 GPU feature, which this adapter lacks');
  const maxBuffer = gpu.limits.maxBufferSize ?? 0;
  if (maxBuffer < OMNI_MIN_BUFFER_BYTES) {
    return no(`needs GPU buffers of ${gib(OMNI_MIN_BUFFER_BYTES)}; this adapter allows ${gib(maxBuffer)}`);
  }
  const memory = caps.deviceMemoryGb ?? null;
  if (memory !== null && memory < OMNI_MIN_DEVICE_MEMORY_GB) {
    return no(`needs ${OMNI_MIN_DEVICE_MEMORY_GB} GB of memory; this device reports ${memory} GB`);
  }
  return {
    ok: true,
    reason: `${adapterName(gpu)}: shader-f16, ${gib(maxBuffer)} buffers${memory === null ? ', memory not reported' : `, ${memory} GB`}`,
  };
}

/**
 * The explainer for this browser and tier. Omni: Gemma 4 E2B, which hears the utterance and sees the
 * face itself, where omniOffer allows it. Standard (or Omni not offered): the vision LM (it sees the
 * face crop) where models run on WebGPU; otherwise the text-only LM, since on WASM the vision LM would
 * re-encode a 512-px image for every section on the CPU.
 */
export function chooseExplainer(
  caps: Capabilities,
  tier: 'standard' | 'omni' = 'standard',
): { readonly id: ExplainerModelId; readonly reason: string } {
  let why = '';
  if (tier === 'omni') {
    const offer = omniOffer(caps);
    if (offer.ok)
      return { id: 'gemma4-e2b', reason: `Omni: the model hears the utterance and sees the face (${offer.reason})` };
    why = `Omni not offered: it ${offer.reason}. `;
  }
  return caps.webgpu.useForModels
    ? { id: 'smolvlm-256m', reason: `${why}WebGPU: the vision LM sees the face crop` }
    : { id: 'smollm2-135m', reason: `${why}no usable WebGPU: the text-only LM, from the measured evidence alone` };
}
