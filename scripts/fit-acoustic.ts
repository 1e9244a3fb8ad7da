/**
 * Fits the Lite acoustic model on the CREMA-D fixture utterances and writes
 * src/core/audio/acoustic-params.json. `npx tsx scripts/fit-acoustic.ts`.
 * (acoustic.test.ts refits and checks the shipped file matches.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureSamples } from '../src/core/audio/fixtures.ts';
import { fitCentroids } from '../src/core/audio/acoustic.ts';

const model = fitCentroids(fixtureSamples(join(import.meta.dirname, '../e2e/fixtures/speech')));
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const out = {
  mean: model.mean.map(round),
  std: model.std.map(round),
  centroids: Object.fromEntries(Object.entries(model.centroids).map(([k, v]) => [k, v!.map(round)])),
};
writeFileSync(join(import.meta.dirname, '../src/core/audio/acoustic-params.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log('wrote acoustic-params.json');
