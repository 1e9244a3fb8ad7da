/**
 * The benchmark page, driven by `npm run bench` (scripts/bench/): one file per benchmark under
 * bench/, composed here and exposed to Playwright as `bench`.
 */
import { audioBench } from './bench/audio.ts';
import { explainerBench } from './bench/explainer.ts';
import { framesBench } from './bench/frames.ts';
import { miBench } from './bench/mi.ts';
import { visionBench } from './bench/vision.ts';

const bench = { ...framesBench, ...visionBench, ...audioBench, ...miBench, ...explainerBench };

export type Bench = typeof bench;
(globalThis as unknown as { bench: Bench }).bench = bench;
