import { describe, expect, it } from 'vitest';
import manifestJson from '../../models/manifest.json';
import { NO_WEBGPU, type Capabilities } from './capabilities.ts';
import { RTX_4070 } from './capabilities.fixture.ts';
import { findModel, parseManifest } from './manifest.ts';
import { HUB_PARTS, LITE_MEMORY_BYTES, LITE_MODELS, filesFor, tierCosts } from './tiers.ts';

const manifest = parseManifest(manifestJson);
const runtime = { lite: 42e6, hub: 27e6 };
const cpu: Capabilities = {
  webgpu: { ...NO_WEBGPU, reason: 'the browser offered no adapter' },
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  wasmSimd: true,
  hardwareConcurrency: 2,
  wasmThreads: 1,
};
const rtx: Capabilities = { ...cpu, webgpu: RTX_4070.webgpu, deviceMemoryGb: 8 };

describe('filesFor', () => {
  it('picks the ONNX file of the dtype, and every config', () => {
    const vit = findModel(manifest, 'vit-facial-emotions');
    expect(filesFor(vit, 'q8').map((f) => f.path)).toEqual([
      'config.json',
      'preprocessor_config.json',
      'onnx/model_quantized.onnx',
    ]);
    expect(filesFor(vit, 'fp32').map((f) => f.path)).toContain('onnx/model.onnx');
    expect(filesFor(vit, 'fp32').map((f) => f.path)).not.toContain('onnx/model_fp16.onnx');
    expect(filesFor(vit, 'fp16').map((f) => f.path)).toEqual([
      'config.json',
      'preprocessor_config.json',
      'onnx/model_fp16.onnx',
    ]);
  });

  it('picks one file per session of a multi-session dtype, the longest suffix naming it', () => {
    const vlm = findModel(manifest, 'smolvlm-256m');
    const onnx = filesFor(vlm, { embed_tokens: 'fp32', vision_encoder: 'fp32', decoder_model_merged: 'q4' }).filter(
      (f) => f.path.endsWith('.onnx'),
    );
    expect(onnx.map((f) => f.path)).toEqual([
      'onnx/embed_tokens.onnx',
      'onnx/vision_encoder.onnx',
      'onnx/decoder_model_merged_q4.onnx',
    ]);
    const lm = findModel(manifest, 'smollm2-135m');
    // `_q4f16` is not `_q4` followed by f16.
    expect(filesFor(lm, 'q4').map((f) => f.path)).toEqual(['config.json', 'onnx/model_q4.onnx']);
    expect(filesFor(lm, 'q4f16').map((f) => f.path)).toEqual(['config.json', 'onnx/model_q4f16.onnx']);
  });
});

describe('tierCosts', () => {
  it('counts Lite exactly: its bundled files and its runtime', () => {
    const [lite] = tierCosts(manifest, cpu, runtime);
    const bundled = [...LITE_MODELS.vision, ...LITE_MODELS.audio]
      .flatMap((id) => findModel(manifest, id).files)
      .reduce((sum, f) => sum + (f.size ?? 0), 0);
    expect(bundled).toBeGreaterThan(5e6);
    expect(lite).toMatchObject({
      tier: 'lite',
      downloadBytes: bundled + runtime.lite,
      exact: true,
      unknownFiles: 0,
      memoryBytes: LITE_MEMORY_BYTES,
      runs: true,
    });
    expect(lite!.reason).toContain('CPU (WASM): the browser offered no adapter');
  });

  it('adds the hub files this browser would fetch to Standard, with displayed sizes marked as such', () => {
    const [lite, onCpu] = tierCosts(manifest, cpu, runtime);
    const [, onGpu] = tierCosts(manifest, rtx, runtime);
    // On the CPU: ViT q8 87.5 MB, speech emotion q8 95.4 MB, RoBERTa 125 MB, SmolLM2 q4 200 MB (Moonshine's sizes unrecorded).
    expect(onCpu!.downloadBytes - lite!.downloadBytes - runtime.hub).toBe(87.5e6 + 95.4e6 + 125e6 + 200e6);
    expect(onCpu!.exact).toBe(false);
    expect(onCpu!.unknownFiles).toBe(2);
    expect(onCpu!.memoryBytes).toBe(LITE_MEMORY_BYTES + onCpu!.downloadBytes - lite!.downloadBytes);
    // On a GPU with f16: ViT fp16 172 MB, speech emotion q4 90 MB, RoBERTa 125 MB (WASM by design),
    // SmolVLM embed_tokens 114 + decoder 86.9 MB (its vision encoder unrecorded).
    expect(onGpu!.downloadBytes - lite!.downloadBytes - runtime.hub).toBeCloseTo(
      172e6 + 90e6 + 125e6 + 114e6 + 86.9e6,
      -1,
    );
    expect(onGpu!.unknownFiles).toBe(3);
    expect(onGpu!.reason).toContain('the vision LM sees the face crop');
  });

  it('counts the files checked against a recorded sha256: every bundled one, the hub ones with a digest', () => {
    const [lite, onCpu] = tierCosts(manifest, cpu, runtime);
    const bundledFiles = [...LITE_MODELS.vision, ...LITE_MODELS.audio].flatMap(
      (id) => findModel(manifest, id).files,
    ).length;
    expect(lite!.files).toEqual({ bundled: bundledFiles, hub: 0, hubVerified: 0 });
    // On the CPU the hub adds 15 files (ViT 3, speech emotion 3, Moonshine 3, RoBERTa 4, SmolLM2 2): the q8 graphs
    // of ViT and RoBERTa and SmolLM2's q4 have digests, the rest do not.
    expect(onCpu!.files).toEqual({ bundled: bundledFiles, hub: 15, hubVerified: 3 });
  });

  it('says why Omni cannot run, and that it can where the GPU allows', () => {
    const omniCpu = tierCosts(manifest, cpu, runtime)[2]!;
    expect(omniCpu.runs).toBe(false);
    expect(omniCpu.reason).toBe('Not on this device: it needs WebGPU (the browser offered no adapter).');
    const omniGpu = tierCosts(manifest, rtx, runtime)[2]!;
    expect(omniGpu.runs).toBe(true);
    expect(omniGpu.reason).toContain('NVIDIA RTX 4070');
    // Gemma's four q4f16 sessions have no recorded size: counted as unknown, not as zero.
    expect(omniGpu.unknownFiles).toBeGreaterThanOrEqual(4);
  });

  it('waits for the browser check before saying what runs', () => {
    const costs = tierCosts(manifest, null, runtime);
    expect(costs.map((c) => c.runs)).toEqual([null, null, null]);
    expect(costs[0]!.reason).toContain('checking');
  });

  it('covers every Standard-tier hub model of the manifest', () => {
    const standard = manifest.models.filter((m) => m.tier === 'standard' && m.role !== 'explainer').map((m) => m.id);
    expect([...HUB_PARTS].sort()).toEqual(standard.sort());
  });
});
