/**
 * The page's count of lost WebGPU devices (one GPU under every worker): after a second loss in a visit,
 * models are loaded on WASM, with that as the reason.
 */
import type { Capabilities } from '../core/capabilities.ts';

let losses = 0;

export function gpuLostOnce(): void {
  losses++;
}

/** `caps` as models load with now: WebGPU left out once the device has been lost twice. */
export function afterGpuLosses(caps: Capabilities): Capabilities {
  if (losses < 2 || !caps.webgpu.useForModels) return caps;
  return { ...caps, webgpu: { ...caps.webgpu, useForModels: false, unusedBecause: 'the GPU device was lost twice in this visit' } };
}
