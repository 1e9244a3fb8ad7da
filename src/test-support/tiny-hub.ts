/**
 * Node test setup for the hub-model code: the manifest, CPU-only capabilities, and the tiny
 * stand-ins served by a local stand-in for the hub, with a fresh transformers.js file cache.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { startHubServer, type HubServer } from '../../scripts/tiny-models/hub-server.ts';
import { TINY_MODELS_DIR } from '../../scripts/tiny-models/paths.ts';
import { NO_WEBGPU, type Capabilities } from '../core/capabilities.ts';
import { parseManifest } from '../core/manifest.ts';
import { configureHub } from '../platform/hub.ts';

export const manifest = parseManifest(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../models/manifest.json'), 'utf8')),
);

export const cpuCaps: Capabilities = {
  webgpu: { ...NO_WEBGPU, reason: 'Node' },
  crossOriginIsolated: false,
  sharedArrayBuffer: true,
  wasmSimd: true,
  hardwareConcurrency: 2,
  wasmThreads: 1,
};

/**
 * Starts the stand-in hub and points transformers.js at it; close it after the tests (which also
 * removes the file cache it made).
 */
export async function startTinyHub(): Promise<HubServer> {
  const hub = await startHubServer(TINY_MODELS_DIR);
  configureHub({ appBase: 'http://127.0.0.1/', wasmThreads: 1, remoteHost: hub.url });
  // onnxruntime-node reads model files from transformers.js's file cache: a fresh one per run,
  // so a regenerated fixture is never shadowed by a stale copy.
  const cacheDir = mkdtempSync(join(tmpdir(), 'attend-first-hub-cache-'));
  env.cacheDir = cacheDir;
  return {
    ...hub,
    close: async () => {
      await hub.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
