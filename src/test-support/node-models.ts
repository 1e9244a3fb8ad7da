/**
 * Node-side helpers for tests: the bundled models through onnxruntime-node
 * as ModelRunners, and fixture images decoded to frames.
 */
import { join } from 'node:path';
import { RawImage } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import type { Frame } from '../core/vision/image.ts';
import type { ModelRunner, TensorData } from '../core/runner.ts';

export const MODELS_DIR = join(import.meta.dirname, '../../models');
export const FACES_DIR = join(import.meta.dirname, '../../e2e/fixtures/faces');

export async function nodeRunner(path: string): Promise<ModelRunner> {
  const session = await ort.InferenceSession.create(join(MODELS_DIR, path), { logSeverityLevel: 3 });
  return {
    async run(inputs) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', t.data, t.dims);
      const out = await session.run(feeds);
      const result: Record<string, TensorData> = {};
      for (const [name, t] of Object.entries(out)) result[name] = { data: t.data as Float32Array, dims: t.dims };
      return result;
    },
  };
}

export async function readFrame(path: string): Promise<Frame> {
  const image = (await RawImage.read(path)).rgb();
  return { data: image.data as Uint8ClampedArray, width: image.width, height: image.height, channels: 3 };
}
