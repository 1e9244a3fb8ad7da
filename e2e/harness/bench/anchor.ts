/** The anchor: @vladmandic/face-api's detector and expression net on the same frames, for the vision ratio. */
import * as faceapi from '@vladmandic/face-api';
import { appBase } from '../../../src/platform/app-base.ts';
import { drive, type Throughput } from './frames.ts';

export const anchorBench = {
  /** @vladmandic/face-api: TinyFaceDetector (inputSize 224) + face expression, TF.js WASM backend, one thread. */
  async anchor(durationMs: number): Promise<Throughput> {
    const tf = faceapi.tf as unknown as {
      setBackend(name: string): Promise<boolean>;
      ready(): Promise<void>;
      env(): { set(flag: string, value: unknown): void };
      getBackend(): string;
    };
    (faceapi.tf as unknown as { setWasmPaths(prefix: string): void }).setWasmPaths(new URL('vendor/tfjs-wasm/', appBase()).href);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await tf.setBackend('wasm');
    await tf.ready();
    if (tf.getBackend() !== 'wasm') throw new Error(`face-api runs on ${tf.getBackend()}, not wasm`);
    const models = new URL('vendor/face-api-model/', appBase()).href;
    await faceapi.nets.tinyFaceDetector.loadFromUri(models);
    await faceapi.nets.faceExpressionNet.loadFromUri(models);
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d')!;
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 224 });
    return drive(async (frame) => {
      canvas.width = frame.displayWidth;
      canvas.height = frame.displayHeight;
      ctx.drawImage(frame, 0, 0);
      frame.close();
      return faceapi.detectAllFaces(canvas, options).withFaceExpressions();
    }, durationMs);
  },
};
