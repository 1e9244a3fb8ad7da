import { describe, expect, it } from 'vitest';
import {
  NO_WEBGPU,
  chooseBackend,
  chooseExplainer,
  omniOffer,
  wasmThreadCount,
  type Capabilities,
} from './capabilities.ts';
import { RTX_4070 } from './capabilities.fixture.ts';
import type { ModelEntry } from './manifest.ts';

const gpu: Capabilities = {
  webgpu: {
    ...NO_WEBGPU,
    available: true,
    description: 'SwiftShader Device',
    isFallbackAdapter: true,
    useForModels: true,
  },
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  wasmSimd: true,
  hardwareConcurrency: 8,
  wasmThreads: 4,
};
const noGpu: Capabilities = {
  ...gpu,
  webgpu: { ...NO_WEBGPU, reason: 'the browser offered no adapter' },
  wasmThreads: 1,
};

function entry(over: Partial<ModelEntry>): ModelEntry {
  return {
    id: 'm',
    name: 'Model M',
    role: 'face-detection',
    tier: 'lite',
    source: { kind: 'bundled' },
    files: [{ path: 'm.onnx', sha256: 'a'.repeat(64), size: 1 }],
    devices: ['webgpu', 'wasm'],
    dtype: { webgpu: 'fp32', wasm: 'fp32' },
    labels: null,
    inputs: null,
    sees: [],
    hears: [],
    license: 'MIT',
    ...over,
  };
}

describe('chooseBackend', () => {
  it('uses WebGPU when an adapter was obtained, naming it', () => {
    const c = chooseBackend(entry({}), gpu);
    expect(c.device).toBe('webgpu');
    expect(c.reason).toBe('WebGPU on SwiftShader Device (software)');
  });

  it('uses the f16 dtype only when the adapter has shader-f16', () => {
    const m = entry({ dtype: { webgpu: 'q4', 'webgpu-f16': 'q4f16', wasm: 'q8' } });
    expect(chooseBackend(m, gpu).dtype).toBe('q4');
    const f16 = chooseBackend(m, { ...gpu, webgpu: { ...gpu.webgpu, shaderF16: true } });
    expect(f16.dtype).toBe('q4f16');
    expect(f16.reason).toContain('shader-f16');
  });

  it('keeps models off a software adapter unless it was allowed, and says why', () => {
    const software = { ...gpu, webgpu: { ...gpu.webgpu, useForModels: false } };
    const c = chooseBackend(entry({}), software);
    expect(c.device).toBe('wasm');
    expect(c.reason).toBe('WASM, 4 threads: the WebGPU adapter is a software renderer, slower than WASM');
  });

  it('keeps models off an adapter whose device was lost, with that as the reason', () => {
    const lost = {
      ...gpu,
      webgpu: { ...gpu.webgpu, useForModels: false, unusedBecause: 'the GPU device was lost twice in this visit' },
    };
    expect(chooseBackend(entry({}), lost)).toMatchObject({
      device: 'wasm',
      reason: 'WASM, 4 threads: the GPU device was lost twice in this visit',
    });
  });

  it('falls back to WASM without an adapter and says why', () => {
    const c = chooseBackend(entry({ dtype: { webgpu: 'q4', wasm: 'q8' } }), noGpu);
    expect(c).toEqual({ device: 'wasm', dtype: 'q8', reason: 'WASM, 1 thread: no WebGPU adapter' });
  });

  it('keeps a WASM-first model on WASM with its own reason', () => {
    const c = chooseBackend(entry({ devices: ['wasm'], dtype: { wasm: 'fp32' }, deviceNote: 'kept on WASM' }), gpu);
    expect(c.device).toBe('wasm');
    expect(c.reason).toBe('WASM, 4 threads: kept on WASM');
  });

  it('refuses a WebGPU-only model without an adapter, before any download', () => {
    const m = entry({ devices: ['webgpu'], dtype: { webgpu: 'q4f16' } });
    expect(() => chooseBackend(m, noGpu)).toThrow('Model M needs WebGPU');
  });
});

describe('wasmThreadCount', () => {
  it('uses one thread unless cross-origin isolated, and at most four', () => {
    expect(wasmThreadCount(false, 16)).toBe(1);
    expect(wasmThreadCount(true, 2)).toBe(1);
    expect(wasmThreadCount(true, 6)).toBe(3);
    expect(wasmThreadCount(true, 32)).toBe(4);
  });
});

describe('chooseExplainer', () => {
  it('takes the vision LM on a usable WebGPU adapter and the text LM otherwise', () => {
    expect(chooseExplainer(gpu).id).toBe('smolvlm-256m');
    expect(chooseExplainer(noGpu).id).toBe('smollm2-135m');
    const software = { ...gpu, webgpu: { ...gpu.webgpu, isFallbackAdapter: true, useForModels: false } };
    expect(chooseExplainer(software).id).toBe('smollm2-135m');
  });
});

describe('omniOffer', () => {
  const capable = RTX_4070;

  it('offers Omni on a hardware adapter with shader-f16, 2 GiB buffers and 8 GB of memory', () => {
    expect(omniOffer(capable)).toEqual({ ok: true, reason: 'NVIDIA RTX 4070: shader-f16, 4.0 GiB buffers, 8 GB' });
    expect(omniOffer({ ...capable, deviceMemoryGb: null }).reason).toContain('memory not reported');
    expect(chooseExplainer(capable, 'omni').id).toBe('gemma4-e2b');
    expect(chooseExplainer(capable, 'standard').id).toBe('smolvlm-256m');
  });

  it('says what is missing, one requirement at a time', () => {
    const without = (over: Partial<Capabilities['webgpu']>) =>
      omniOffer({ ...capable, webgpu: { ...capable.webgpu, ...over } });
    expect(omniOffer(noGpu)).toEqual({ ok: false, reason: 'needs WebGPU (the browser offered no adapter)' });
    expect(without({ isFallbackAdapter: true, useForModels: false }).reason).toBe(
      'needs a hardware GPU; this adapter is a software renderer',
    );
    expect(without({ shaderF16: false }).reason).toBe('needs the shader-f16 GPU feature, which this adapter lacks');
    expect(without({ limits: { maxBufferSize: 256 * 1024 ** 2 } }).reason).toBe(
      'needs GPU buffers of 2.0 GiB; this adapter allows 0.25 GiB',
    );
    expect(without({ limits: {} }).ok).toBe(false);
    expect(omniOffer({ ...capable, deviceMemoryGb: 4 }).reason).toBe('needs 8 GB of memory; this device reports 4 GB');
  });

  it('falls back to the Standard explainer, saying why, where Omni is not offered', () => {
    const c = chooseExplainer({ ...capable, deviceMemoryGb: 2 }, 'omni');
    expect(c.id).toBe('smolvlm-256m');
    expect(c.reason).toBe(
      'Omni not offered: it needs 8 GB of memory; this device reports 2 GB. WebGPU: the vision LM sees the face crop',
    );
  });
});
