/**
 * The audio worker: owns voice activity detection (and, later, prosody and
 * the hub speech models). A thin adapter: loading lives in src/platform, the
 * maths in src/core.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { SessionHost, sessionHostApi } from '../platform/ort-session.ts';

const host = new SessionHost(ort);
const api = { ...sessionHostApi(host) };

export type AudioWorkerApi = typeof api;
Comlink.expose(api);
