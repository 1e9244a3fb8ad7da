/**
 * What the dev and preview servers add in `--mode e2e` only (never in the app's build or its `npm start`):
 * the benchmark's vendor files, the test clips and fixture speech, and a stand-in for the hub that answers
 * `<id>/resolve/<revision>/<file>` from the tiny model families. vite.config.ts loads this module only in
 * that mode, so the app's configuration does not reach into test tooling.
 */
import { join } from 'node:path';
import { resolveHubPath } from './tiny-models/hub-server.ts';
import { TINY_MODELS_DIR } from './tiny-models/paths.ts';

/** URL prefix → a folder, or a function from the rest of the path to a file (null: 404). */
export type ServedDirs = Record<string, string | ((path: string) => string | null)>;

export function e2eVendor(root: string): ServedDirs {
  return {
    '/vendor/face-api-model/': join(root, 'node_modules/@vladmandic/face-api/model'),
    '/vendor/tfjs-wasm/': join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'),
    '/vendor/clips/': join(root, 'e2e/.generated/clips'),
    '/vendor/speech/': join(root, 'e2e/fixtures/speech'),
    '/vendor/hub/': (path) => resolveHubPath(TINY_MODELS_DIR, path),
  };
}
