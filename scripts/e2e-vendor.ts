/**
 * What the dev and preview servers add in `--mode e2e` only (never in the app's build or its `npm start`):
 * the benchmark's vendor files, the test clips and fixture speech, and a stand-in for the hub that answers
 * `<id>/resolve/<revision>/<file>` from the tiny model families. vite.config.ts loads this module only in
 * that mode, so the app's configuration does not reach into test tooling.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
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

/**
 * The e2e build's manifest: each hub file's sha256 and size are those of the stand-in the test hub serves
 * for it (null where it serves none), as the app's own manifest records the real hub's. So the app's check
 * of hub downloads runs in the e2e tests, on the stand-ins, and a test that alters a served file sees it fail.
 */
export function standInManifest(json: string): string {
  type File = {
    path: string;
    sha256: string | null;
    size: number | null;
    digestSource?: string;
    unverifiable?: string;
  };
  const manifest = JSON.parse(json) as {
    models: { source: { kind: string; id?: string; revision?: string }; files: File[] }[];
  };
  for (const model of manifest.models) {
    if (model.source.kind !== 'hub') continue;
    for (const file of model.files) {
      const served = resolveHubPath(
        TINY_MODELS_DIR,
        `${model.source.id}/resolve/${model.source.revision}/${file.path}`,
      );
      const bytes = served ? readFileSync(served) : null;
      file.sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : null;
      file.size = bytes ? bytes.byteLength : null;
      delete file.digestSource;
      delete file.unverifiable;
      if (bytes) file.digestSource = 'the stand-in the test hub serves';
      else file.unverifiable = 'the test hub serves no stand-in for it';
    }
  }
  return JSON.stringify(manifest);
}

/** Vite plugin (e2e mode): models/manifest.json as `standInManifest` makes it. */
export function standInManifestPlugin(): Plugin {
  return {
    name: 'attend-first:stand-in-manifest',
    enforce: 'pre',
    transform(code, id) {
      return id.split('?')[0]!.endsWith('/models/manifest.json') ? { code: standInManifest(code), map: null } : null;
    },
  };
}
