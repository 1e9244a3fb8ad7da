/**
 * Asks the browser what it can do: a WebGPU adapter actually obtained, its
 * features and limits, cross-origin isolation, WASM SIMD and threads. Runs in
 * the page or in a worker.
 */
import { NO_WEBGPU, wasmThreadCount, type Capabilities, type WebGpuInfo } from '../core/capabilities.ts';
import type { PageFeatures } from '../core/features.ts';
import { isolationSource } from './service-worker.ts';

/** A minimal module using a v128 instruction (the wasm-feature-detect SIMD probe). */
const SIMD_PROBE = Uint8Array.of(
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  3,
  2,
  1,
  0,
  10,
  10,
  1,
  8,
  0,
  65,
  0,
  253,
  15,
  253,
  98,
  11,
);

const LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

export interface ProbeOptions {
  /** Run models on a software WebGPU adapter too (tests of the WebGPU path; `?webgpu=software`). */
  readonly allowSoftwareAdapter?: boolean;
}

export async function probeWebGpu(options: ProbeOptions = {}): Promise<WebGpuInfo> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { ...NO_WEBGPU, reason: 'this browser has no WebGPU' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ...NO_WEBGPU, reason: `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { ...NO_WEBGPU, reason: 'the browser offered no adapter (disabled or blocklisted GPU)' };
  const info = adapter.info;
  const limits: Record<string, number> = {};
  for (const name of LIMITS) limits[name] = Number(adapter.limits[name]);
  const features = [...adapter.features].map(String).sort();
  const software = info?.isFallbackAdapter ?? false;
  return {
    available: true,
    reason: null,
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: software,
    useForModels: !software || options.allowSoftwareAdapter === true,
    shaderF16: adapter.features.has('shader-f16'),
    features,
    limits,
  };
}

/** The web features the page relies on besides WebGPU and WASM (in a worker, the page-only ones read absent). */
export function probeFeatures(): PageFeatures {
  const g = globalThis as Record<string, unknown>;
  const media = g['HTMLMediaElement'] as { prototype: object } | undefined;
  return {
    videoFrame: typeof g['VideoFrame'] === 'function',
    audioWorklet: typeof g['AudioWorkletNode'] === 'function',
    captureStream: media !== undefined && 'captureStream' in media.prototype,
    offscreenCanvas: typeof g['OffscreenCanvas'] === 'function',
    cacheApi: typeof g['caches'] === 'object' && g['caches'] !== null,
    storageManager: typeof globalThis.navigator?.storage?.estimate === 'function',
  };
}

export async function probeCapabilities(options: ProbeOptions = {}): Promise<Capabilities> {
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  // Asked side by side: the models wait for this probe.
  const [webgpu, isolatedBy] = await Promise.all([probeWebGpu(options), isolated ? isolationSource() : null]);
  return {
    webgpu,
    crossOriginIsolated: isolated,
    isolatedBy,
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    wasmSimd: WebAssembly.validate(SIMD_PROBE),
    hardwareConcurrency: cores,
    wasmThreads: wasmThreadCount(isolated, cores),
    deviceMemoryGb: (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory ?? null,
    features: probeFeatures(),
  };
}
