/**
 * The anchor: @vladmandic/face-api (TF.js WASM backend, one thread) on the same frames: TinyFaceDetector,
 * the 68-point landmark net and the expression net on every frame, as its webcam demo chains them.
 */
import * as faceapi from '@vladmandic/face-api';
import { appBase } from '../../../src/platform/app-base.ts';
import type { Consumer } from './frames.ts';

let ready: Promise<void> | null = null;

function loadFaceApi(): Promise<void> {
  ready ??= (async () => {
    const tf = faceapi.tf as unknown as {
      setBackend(name: string): Promise<boolean>;
      ready(): Promise<void>;
      env(): { set(flag: string, value: unknown): void };
      getBackend(): string;
    };
    (faceapi.tf as unknown as { setWasmPaths(prefix: string): void }).setWasmPaths(
      new URL('vendor/tfjs-wasm/', appBase()).href,
    );
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await tf.setBackend('wasm');
    await tf.ready();
    if (tf.getBackend() !== 'wasm') throw new Error(`face-api runs on ${tf.getBackend()}, not wasm`);
    const models = new URL('vendor/face-api-model/', appBase()).href;
    await faceapi.nets.tinyFaceDetector.loadFromUri(models);
    await faceapi.nets.faceLandmark68Net.loadFromUri(models);
    await faceapi.nets.faceExpressionNet.loadFromUri(models);
  })();
  return ready;
}

/**
 * face-api at detector input `inputSize` (its docs recommend 128 or 160 for webcam tracking; 416 is
 * its default): detect, landmarks and expressions, every frame (it has no tracker).
 */
export async function faceApiPath(inputSize: number): Promise<{ consume: Consumer; found: () => number }> {
  await loadFaceApi();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize });
  let frames = 0;
  let withFace = 0;
  const consume: Consumer = async (frame) => {
    canvas.width = frame.displayWidth;
    canvas.height = frame.displayHeight;
    ctx.drawImage(frame, 0, 0);
    frame.close();
    const faces = await faceapi.detectAllFaces(canvas, options).withFaceLandmarks().withFaceExpressions();
    frames++;
    if (faces.length > 0) withFace++;
  };
  // The share of frames it found a face in: landmarks and expressions run only on a found face.
  return { consume, found: () => withFace / Math.max(1, frames) };
}
