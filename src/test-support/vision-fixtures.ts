/**
 * The bundled face models on onnxruntime-node and the labelled fixture faces (e2e/fixtures/faces: Face
 * Research Lab London Set, CC BY 4.0; CREMA-D, ODbL/DbCL), each with the faces the detector finds: what
 * the vision tests read.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Emotion } from '../core/labels.ts';
import type { ModelRunner } from '../core/runner.ts';
import type { FaceDetection } from '../core/vision/blazeface.ts';
import type { InterleavedFrame } from '../core/vision/image.ts';
import { detectFaces, type Detector } from '../core/vision/pipeline.ts';
import { FACES_DIR, nodeRunner, readFrame } from './node-models.ts';

export interface Item {
  readonly label: Emotion;
  readonly file: string;
  readonly set: 'london' | 'cremad';
  readonly frame: InterleavedFrame;
  readonly faces: FaceDetection[];
}

export async function visionFixtures() {
  const detector: Detector = {
    runner: await nodeRunner('lite/face/face_detection_front_128x128_barracuda.onnx'),
    size: 128,
  };
  const farDetector: Detector = {
    runner: await nodeRunner('lite/face/face_detection_back_256x256_barracuda.onnx'),
    size: 256,
  };
  const expression: ModelRunner = await nodeRunner('lite/face/face_expression.onnx');
  const miniXception: ModelRunner = await nodeRunner('lite/face/emotion.onnx');
  const landmarks: ModelRunner = await nodeRunner('lite/face/face_landmark_68.onnx');
  const items: Item[] = [];
  for (const label of readdirSync(FACES_DIR).sort()) {
    for (const file of readdirSync(join(FACES_DIR, label)).sort()) {
      const frame = (await readFrame(join(FACES_DIR, label, file))) as InterleavedFrame;
      const faces = await detectFaces(detector, frame, 0.6);
      items.push({ label: label as Emotion, file, set: file.startsWith('london') ? 'london' : 'cremad', frame, faces });
    }
  }
  return { items, detector, farDetector, expression, miniXception, landmarks };
}
