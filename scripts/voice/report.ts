/**
 * What training writes besides the model: its manifest entry and models/lite/voice/REPORT.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_COUNT } from '../../src/core/audio/voice-features.ts';
import { type Emotion } from '../../src/core/labels.ts';
import { CONDITIONS } from './augment.ts';
import { type Scores } from './softmax.ts';
import { LABELS, OPTS, PRIOR_WEIGHT } from './corpus.ts';
import { ORDERS, RUN } from './stream.ts';

/** The repository's root: where the model, its manifest entry and its report are written. */
export const ROOT = join(import.meta.dirname, '../..');

export const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export function updateManifest(sha: string, size: number): void {
  const path = join(ROOT, 'models/manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { models: Record<string, unknown>[] };
  const entry = {
    id: 'voice-emotion-lite',
    name: 'Lite voice emotion (trained on EmoDB)',
    role: 'speech-emotion',
    tier: 'lite',
    source: { kind: 'bundled' },
    files: [{ path: 'lite/voice/voice_emotion.onnx', sha256: sha, size }],
    devices: ['wasm'],
    deviceNote: 'a logistic regression over 62 prosodic and spectral functionals: microseconds on WASM',
    dtype: { wasm: 'fp32' },
    labels: [...LABELS],
    inputs: { features: { type: 'float32', shape: [1, FEATURE_COUNT] } },
    license: 'CC0-1.0 (lite/voice/LICENSE.md: trained by this project on EmoDB, CC0)',
  };
  const at = manifest.models.findIndex((m) => m['id'] === entry.id);
  if (at >= 0) manifest.models[at] = entry;
  else manifest.models.splice(manifest.models.findIndex((m) => m['id'] === 'silero-vad-v5') + 1, 0, entry);
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

export interface Report {
  loso: { settled: Scores; cold: Scores; uncalibrated: Scores };
  live: {
    policy: string;
    war: number;
    uar: number;
    uarRange: [number, number];
    ece: number;
    runs: { right: number; total: number; count: number };
  }[];
  temperature: { cold: number; settled: number };
  speakers: string[];
  skipped: number;
  cremad: { file: string; label: Emotion; cold: Emotion; settled: Emotion }[];
  cremadSettled: number;
  cremadCold: number;
  sha: string;
  size: number;
  seconds: number;
}

export function writeReport(r: Report): void {
  const conf = (s: Scores) =>
    [
      `| true \\ read | ${LABELS.join(' | ')} |`,
      `|---|${LABELS.map(() => '---').join('|')}|`,
      ...s.confusion.map((row, i) => `| ${LABELS[i]} | ${row.join(' | ')} |`),
    ].join('\n');
  const md = `# Lite voice model — training report

Written by \`npm run train:voice\` (scripts/voice/train.ts); do not edit by hand.

- Data: EmoDB, ${r.speakers.length} speakers (${r.speakers.join(', ')}), boredom folded into neutral (six classes; no surprise).
  ${r.skipped} clean utterance(s) had too little voiced sound for features and were left out.
- Features: ${FEATURE_COUNT} functionals (src/core/audio/voice-features.ts), z-scored against the speaker
  (mean and spread of the speaker's utterances, with the corpus counted as ${PRIOR_WEIGHT} utterances).
- Conditions: ${CONDITIONS.map((c) => c.name).join('; ')}.
- Model: class-balanced logistic regression, L2 ${OPTS.l2}, Adam ${OPTS.steps} steps; graph ${r.size} bytes, sha256 \`${r.sha}\`.
- Temperatures of the shipped model (fitted on the leave-one-speaker-out folds' held-out logits): cold ${r.temperature.cold.toFixed(3)}, settled ${r.temperature.settled.toFixed(3)}.

## Leave-one-speaker-out on EmoDB (clean recordings, ${r.loso.settled.n} utterances)

Temperatures for each held-out speaker come from an inner split of the other nine only. The front end and
the model's form were chosen with these figures and the CREMA-D ones below in view (docs/models.md, "The Lite voice model").

**Causal: as a live session hears a speaker** (the headline: what a visitor gets). Each held-out speaker's
utterances in ${ORDERS} shuffled orders (seeded), each read against the reference built only from the utterances
heard before it, as the app's \`VoiceBaseline\` keeps it; figures are the mean over the orders (UAR's range in
brackets). Runs: ${RUN} utterances of one emotion from a fresh reference, ${r.live[0]!.runs.count} runs over the
orders (every speaker and emotion with ${RUN} or more).

| speaker reference | WAR | UAR (range over orders) | ECE (15 bins) | utterances in runs read as the run's emotion |
|---|---|---|---|---|
${r.live.map((l) => `| ${l.policy.includes('(the app)') ? `**${l.policy}**` : l.policy} | ${pct(l.war)} | ${pct(l.uar)} (${pct(l.uarRange[0])}–${pct(l.uarRange[1])}) | ${l.ece.toFixed(3)} | ${l.runs.right}/${l.runs.total} (${pct(l.runs.right / l.runs.total)}) |`).join('\n')}

The first row is how the reference was kept before it was made causal (each utterance part of its own
reference).

**Beside it**, two references no live session has:

| reference | WAR | UAR | ECE (15 bins) |
|---|---|---|---|
| settled: all of the speaker's utterances, the test one included (an emotion-balanced centre) | ${pct(r.loso.settled.war)} | ${pct(r.loso.settled.uar)} | ${r.loso.settled.ece.toFixed(3)} |
| cold: the utterance alone, shrunk to the corpus mean | ${pct(r.loso.cold.war)} | ${pct(r.loso.cold.uar)} | ${r.loso.cold.ece.toFixed(3)} |
| settled, before temperature scaling | ${pct(r.loso.uncalibrated.war)} | ${pct(r.loso.uncalibrated.uar)} | ${r.loso.uncalibrated.ece.toFixed(3)} |

Settled, confusion:

${conf(r.loso.settled)}

## Cross-corpus: the 12 CREMA-D fixture utterances (English, 2 actors, never trained on)

Through the exported graph and the app's reading code. Settled: each actor's reference from their six
utterances; cold: each utterance read as a session's first.

Settled **${r.cremadSettled}/12**, cold **${r.cremadCold}/12** (chance 2/12).

| file | acted | settled | cold |
|---|---|---|---|
${r.cremad.map((c) => `| ${c.file} | ${c.label} | ${c.settled} | ${c.cold} |`).join('\n')}

Training took ${r.seconds.toFixed(0)} s.
`;
  writeFileSync(join(ROOT, 'models/lite/voice/REPORT.md'), md);
}
