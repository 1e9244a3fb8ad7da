/**
 * What the browser can do, as plain data (the probe that fills it lives in
 * src/platform/probe.ts), and the pure choice of execution provider and dtype
 * for each model, with the reason shown to the user.
 */
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
  readonly shaderF16: boolean;
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
}

export interface Capabilities {
  readonly webgpu: WebGpuInfo;
  readonly crossOriginIsolated: boolean;
  readonly sharedArrayBuffer: boolean;
  readonly wasmSimd: boolean;
  readonly hardwareConcurrency: number;
  /** WASM threads the app will use (1 unless cross-origin isolated). */
  readonly wasmThreads: number;
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
  else if (!caps.webgpu.useForModels) reason = 'the WebGPU adapter is a software renderer, slower than WASM';
  else reason = 'no WebGPU dtype for this model';
  return { device: 'wasm', dtype, reason: `WASM, ${threads}: ${reason}` };
}

export type ExplainerModelId = 'smolvlm-256m' | 'smollm2-135m';

/**
 * The Standard explainer for this browser: the vision LM (it sees the face crop) where models run on
 * WebGPU; otherwise the text-only LM, since on WASM the vision LM would re-encode a 512-px image for
 * every section on the CPU.
 */
export function chooseExplainer(caps: Capabilities): { readonly id: ExplainerModelId; readonly reason: string } {
  return caps.webgpu.useForModels
    ? { id: 'smolvlm-256m', reason: 'WebGPU: the vision LM sees the face crop' }
    : { id: 'smollm2-135m', reason: 'no usable WebGPU: the text-only LM, from the measured evidence alone' };
}
