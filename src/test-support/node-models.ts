/**
 * Node-side helpers for tests: the bundled models through onnxruntime-node
 * as ModelRunners, and fixture images decoded to frames.
 */
import { join } from 'node:path';
import { RawImage } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import type { Frame } from '../core/vision/image.ts';
import { ortLikeRunner, type ModelRunner } from '../core/runner.ts';

export const MODELS_DIR = join(import.meta.dirname, '../../models');
export const FACES_DIR = join(import.meta.dirname, '../../e2e/fixtures/faces');

export async function nodeRunner(path: string): Promise<ModelRunner> {
  const session = await ort.InferenceSession.create(join(MODELS_DIR, path), { logSeverityLevel: 3 });
  return ortLikeRunner(session, (data, dims) => new ort.Tensor('float32', data, dims));
}

export async function readFrame(path: string): Promise<Frame> {
  const image = (await RawImage.read(path)).rgb();
  return { data: image.data as Uint8ClampedArray, width: image.width, height: image.height, channels: 3 };
}
