/**
 * What each tier costs a visitor before they choose it: what it downloads (the manifest's sizes, for the
 * files this browser would fetch), roughly the memory it holds, and whether this browser can run it and
 * why not (the capability probe). Pure: the landing's tier cards render it.
 */
import { chooseBackend, chooseExplainer, omniOffer, type Capabilities } from './capabilities.ts';
import { findModel, type DType, type ModelEntry, type ModelFile, type ModelManifest, type Tier } from './manifest.ts';

/** The vision worker's bundled models by their part in the pipeline, in the order they load. */
export const VISION_MODELS = {
  detector: 'blazeface-front-128',
  expression: 'face-expression',
  landmarks: 'face-landmarks-68',
  farDetector: 'blazeface-back-256',
} as const;

/** The Lite tier's bundled models, by the worker that loads them, in the order they load. */
export const LITE_MODELS = {
  vision: Object.values(VISION_MODELS),
  audio: ['silero-vad-v5', 'voice-emotion-lite'],
} as const;

/**
 * The vision models a face reading needs, loaded first: the face is read as soon as they are, while the
 * landmarks and the full-range detector load (they join the running pipeline).
 */
export const VISION_FIRST: readonly string[] = [VISION_MODELS.detector, VISION_MODELS.expression];

/** The hub models Standard and Omni add to Lite's, apart from the explainer (chosen per browser). */
export const HUB_PARTS = [
  'vit-facial-emotions',
  'speech-emotion-wav2vec2',
  'moonshine-base',
  'roberta-go-emotions',
] as const;

/**
 * Page and workers with the Lite models loaded, measured with `performance.measureUserAgentSpecificMemory`
 * by `npm run soak` (57.9–59.0 MB over 30 minutes, 2026-11-30). The hub tiers add their weights to it.
 */
export const LITE_MEMORY_BYTES = 59e6;

/** ORT's runtime files, fetched once per tier's kind of worker (sizes from the build). */
export interface RuntimeBytes {
  /** The bundled models' runtimes (JSEP where the vision models run on WebGPU, plain WASM otherwise), both precached. */
  readonly lite: number;
  /** The runtime transformers.js loads in the hub workers. */
  readonly hub: number;
}

export interface TierCost {
  readonly tier: Tier;
  /** Bytes to download: exact sizes where the manifest has them, the hub page's displayed sizes otherwise. */
  readonly downloadBytes: number;
  /** Every size counted is exact (no displayed, rounded size among them). */
  readonly exact: boolean;
  /** Files this browser would fetch whose size the manifest does not record (not counted above). */
  readonly unknownFiles: number;
  /**
   * The manifest's files for this tier here: the bundled ones (each checked against its recorded sha256),
   * the hub ones, and how many of those have a recorded sha256 to be checked against (the rest are used unverified).
   */
  readonly files: { readonly bundled: number; readonly hub: number; readonly hubVerified: number };
  /** Roughly what the page holds in memory with the tier loaded (measured for Lite; Lite + the weights otherwise). */
  readonly memoryBytes: number;
  /** Whether this browser can run it: null while the browser is being checked. */
  readonly runs: boolean | null;
  /** Where it would run, or why it cannot. */
  readonly reason: string;
}

const SUFFIXES: Readonly<Record<string, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/**
 * The files of a hub entry that transformers.js fetches for `dtype`: every non-ONNX file, and the ONNX file of
 * each session whose name ends with that session's dtype suffix (`onnx/model_q4.onnx` for `q4`,
 * `onnx/decoder_model_merged_q4.onnx` for `{decoder_model_merged: 'q4'}`, `onnx/model.onnx` for fp32).
 */
export function filesFor(entry: ModelEntry, dtype: DType): ModelFile[] {
  return entry.files.filter((f) => {
    const name = f.path.split('/').pop() ?? f.path;
    if (!name.endsWith('.onnx')) return true;
    const stem = name.slice(0, -'.onnx'.length);
    // The longest suffix that matches names the dtype; none means fp32.
    const [, suffix] = Object.entries(SUFFIXES)
      .filter(([, s]) => s !== '' && stem.endsWith(s))
      .sort((a, b) => b[1].length - a[1].length)[0] ?? ['fp32', ''];
    const session = stem.slice(0, stem.length - suffix.length);
    const wanted = typeof dtype === 'string' ? dtype : dtype[session];
    return wanted !== undefined && SUFFIXES[wanted] === suffix;
  });
}

interface Sum {
  bytes: number;
  exact: boolean;
  unknown: number;
  bundled: number;
  hub: number;
  hubVerified: number;
}

function add(sum: Sum, files: readonly ModelFile[], from: 'bundled' | 'hub'): Sum {
  for (const f of files) {
    if (from === 'bundled') sum.bundled += 1;
    else {
      sum.hub += 1;
      if (f.sha256 !== null) sum.hubVerified += 1;
    }
    if (f.size !== null) sum.bytes += f.size;
    else if (f.shownSize !== undefined) {
      sum.bytes += f.shownSize;
      sum.exact = false;
    } else if (f.path.endsWith('.onnx')) sum.unknown += 1;
    // A hub config or tokenizer without a recorded size: kilobytes, left out.
  }
  return sum;
}

/** The dtype a hub model would load with here (WASM's when the browser is not checked yet). */
function dtypeHere(entry: ModelEntry, caps: Capabilities | null): DType | undefined {
  if (!caps) return entry.dtype.wasm ?? entry.dtype['webgpu-f16'] ?? entry.dtype.webgpu;
  try {
    return chooseBackend(entry, caps).dtype;
  } catch {
    return entry.dtype['webgpu-f16'] ?? entry.dtype.webgpu;
  }
}

/** Lite, Standard and Omni as the tier cards show them on this browser (`caps` null while it is being checked). */
export function tierCosts(manifest: ModelManifest, caps: Capabilities | null, runtime: RuntimeBytes): TierCost[] {
  const lite = add(
    { bytes: runtime.lite, exact: true, unknown: 0, bundled: 0, hub: 0, hubVerified: 0 },
    [...LITE_MODELS.vision, ...LITE_MODELS.audio].flatMap((id) => findModel(manifest, id).files),
    'bundled',
  );
  const hub = (explainer: string): Sum => {
    // Standard and Omni keep the Lite models running, and add theirs.
    const sum: Sum = { ...lite, bytes: lite.bytes + runtime.hub };
    for (const id of [...HUB_PARTS, explainer]) {
      const entry = findModel(manifest, id);
      const dtype = dtypeHere(entry, caps);
      if (dtype !== undefined) add(sum, filesFor(entry, dtype), 'hub');
    }
    return sum;
  };
  const explainer = caps ? chooseExplainer(caps, 'standard') : null;
  const standard = hub(explainer?.id ?? 'smollm2-135m');
  const omni = hub('gemma4-e2b');
  // What the hub tier adds is mostly weights, held in memory (GPU or WASM heap) once loaded.
  const memory = (sum: Sum) => LITE_MEMORY_BYTES + sum.bytes - lite.bytes;
  const cost = (tier: Tier, sum: Sum, memory: number, runs: boolean | null, reason: string): TierCost => ({
    tier,
    downloadBytes: sum.bytes,
    exact: sum.exact,
    unknownFiles: sum.unknown,
    files: { bundled: sum.bundled, hub: sum.hub, hubVerified: sum.hubVerified },
    memoryBytes: memory,
    runs,
    reason,
  });
  if (!caps) {
    const checking = 'checking this browser…';
    return [
      cost('lite', lite, LITE_MEMORY_BYTES, null, checking),
      cost('standard', standard, memory(standard), null, checking),
      cost('omni', omni, memory(omni), null, checking),
    ];
  }
  const where = caps.webgpu.useForModels
    ? 'on WebGPU'
    : `on the CPU (WASM): ${caps.webgpu.reason ?? (caps.webgpu.available ? 'the GPU adapter is a software renderer' : 'no WebGPU adapter')}`;
  const offer = omniOffer(caps);
  return [
    cost('lite', lite, LITE_MEMORY_BYTES, true, `Runs here, ${where}.`),
    cost('standard', standard, memory(standard), true, `Runs here, ${where}; ${explainer!.reason}.`),
    cost(
      'omni',
      omni,
      memory(omni),
      offer.ok,
      offer.ok ? `Runs here: ${offer.reason}.` : `Not on this device: it ${offer.reason}.`,
    ),
  ];
}
