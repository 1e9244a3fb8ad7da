/**
 * The vision worker: owns the face models (detection, expression,
 * landmarks). A thin adapter: loading lives in src/platform, the maths in
 * src/core.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web';
import { SessionHost, sessionHostApi } from '../platform/ort-session.ts';

const host = new SessionHost(ort);
const api = { ...sessionHostApi(host) };

export type VisionWorkerApi = typeof api;
Comlink.expose(api);
