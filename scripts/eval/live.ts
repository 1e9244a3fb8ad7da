/**
 * `npm run eval:live [-- --json FILE] [--only a,b,c,d]`: the live path, measured as a visitor meets it.
 * The production build (`dist/`, made by the npm script) under `vite preview`, in Debian's headless
 * Chromium, Lite tier. For each scenario the fake camera is a still face with temporal noise (a London
 * face, neutral or smiling) and the fake microphone plays a stream of labelled utterances, each followed
 * by 3 s of silence, once. The session's JSON export is matched to the stream's schedule; per window it
 * records the face, the voice (top and p, and weight), the fused emotion and the dominant modality.
 * Prints a table per scenario and the summary (live-core.ts), split by the voice's corpus: EmoDB is the
 * Lite voice model's training data (its voice readings there are in-sample), CREMA-D it never heard.
 * Every scenario is fixed here, from ../shared only; nothing is chosen by its result.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts';
import type { Emotion } from '../../src/core/labels.ts';
import {
  GAP_S,
  LEAD_S,
  matchWindows,
  pct,
  rowFor,
  summarise,
  type ExportedWindow,
  type Row,
  type Scenario,
  type ScenarioKind,
  type Utterance,
} from './live-core.ts';
import { camera, microphone } from './live-media.ts';

const ROOT = join(import.meta.dirname, '../..');
const SHARED = join(ROOT, '../shared');
const WORK = join(ROOT, 'e2e/.generated/eval-live');
const PORT = 4193;

const { values } = parseArgs({
  options: { json: { type: 'string', default: 'eval-live.json' }, only: { type: 'string' } },
});

// ---- the scenarios, from ../shared only -------------------------------------------------------------

interface EmoDbRow {
  readonly file: string;
  readonly label: string;
  readonly speaker: string;
}

const emodb: EmoDbRow[] = (() => {
  const lines = readFileSync(join(SHARED, 'datasets/emodb/MANIFEST.tsv'), 'utf8').trim().split('\n');
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { file: c[head.indexOf('file')]!, label: c[head.indexOf('label')]!, speaker: c[head.indexOf('speaker')]! };
  });
})();

/** The first `n` of a speaker's utterances of one label, in the manifest's order. */
function emo(speaker: string, label: Emotion, n = 1): Utterance[] {
  const rows = emodb.filter((r) => r.speaker === speaker && r.label === label).slice(0, n);
  if (rows.length < n) throw new Error(`EmoDB speaker ${speaker} has fewer than ${n} ${label} utterances`);
  return rows.map((r) => ({ path: join(SHARED, 'datasets/emodb', r.file), label, corpus: 'emodb', speaker }));
}

function crema(actor: string, label: Emotion): Utterance {
  const code = { angry: 'ANG', disgust: 'DIS', fear: 'FEA', happy: 'HAP', neutral: 'NEU', sad: 'SAD' }[label as string];
  return {
    path: join(SHARED, `fixtures/speech/${label}/cremad_${actor}_DFA_${code}_XX.wav`),
    label,
    corpus: 'cremad',
    speaker: actor,
  };
}

const face = (person: string, look: 'neutral' | 'smiling') =>
  join(SHARED, `fixtures/faces/${look === 'neutral' ? 'neutral' : 'happy'}/london_${person}_${look}.jpg`);
const EVERY: Emotion[] = ['angry', 'happy', 'fear', 'sad', 'disgust', 'neutral'];

export const SCENARIOS: Scenario[] = [
  ...['03', '09', '15'].map((spk, i): Scenario => ({
    name: `a: calm face ${['001', '002', '004'][i]} + EmoDB speaker ${spk}, every class`,
    kind: 'a',
    face: face(['001', '002', '004'][i]!, 'neutral'),
    faceLabel: 'neutral',
    utterances: EVERY.flatMap((e) => emo(spk, e)),
  })),
  ...['1001', '1002'].map((actor, i): Scenario => ({
    name: `a: calm face ${['005', '006'][i]} + CREMA-D actor ${actor}, every class`,
    kind: 'a',
    face: face(['005', '006'][i]!, 'neutral'),
    faceLabel: 'neutral',
    utterances: EVERY.map((e) => crema(actor, e)),
  })),
  {
    name: 'b: smiling face 008 + EmoDB speaker 11, neutral',
    kind: 'b',
    face: face('008', 'smiling'),
    faceLabel: 'happy',
    utterances: emo('11', 'neutral', 5),
  },
  {
    name: 'b: smiling face 006 + CREMA-D actors 1001, 1002, neutral',
    kind: 'b',
    face: face('006', 'smiling'),
    faceLabel: 'happy',
    utterances: [
      crema('1001', 'neutral'),
      crema('1002', 'neutral'),
      crema('1001', 'neutral'),
      crema('1002', 'neutral'),
    ],
  },
  {
    name: 'c: calm face 008 + EmoDB speaker 12, angry ×6',
    kind: 'c',
    face: face('008', 'neutral'),
    faceLabel: 'neutral',
    utterances: emo('12', 'angry', 6),
  },
  {
    name: 'c: calm face 001 + EmoDB speaker 13, happy ×6',
    kind: 'c',
    face: face('001', 'neutral'),
    faceLabel: 'neutral',
    utterances: emo('13', 'happy', 6),
  },
  {
    name: 'c: calm face 002 + CREMA-D actor 1002, the angry sentence ×6',
    kind: 'c',
    face: face('002', 'neutral'),
    faceLabel: 'neutral',
    utterances: Array.from({ length: 6 }, () => crema('1002', 'angry')),
  },
  {
    name: 'd: calm face 004 + EmoDB speaker 14, neutral',
    kind: 'd',
    face: face('004', 'neutral'),
    faceLabel: 'neutral',
    utterances: emo('14', 'neutral', 5),
  },
  {
    name: 'd: calm face 005 + CREMA-D actors 1001, 1002, neutral',
    kind: 'd',
    face: face('005', 'neutral'),
    faceLabel: 'neutral',
    utterances: [
      crema('1001', 'neutral'),
      crema('1002', 'neutral'),
      crema('1001', 'neutral'),
      crema('1002', 'neutral'),
    ],
  },
];

// ---- one scenario in the browser ------------------------------------------------------------------

async function run(s: Scenario, index: number): Promise<Row[]> {
  const video = join(WORK, `camera-${index}.y4m`);
  const audio = join(WORK, `microphone-${index}.wav`);
  camera(s.face, video);
  const { onsets, durationS } = microphone(s.utterances, audio);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      `--use-file-for-fake-audio-capture=${audio}%noloop`,
    ],
  });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://localhost:${PORT}/`);
    await page.getByTestId('model-backends').locator('tr[data-model]').nth(5).waitFor({ timeout: 120_000 });
    await page.getByTestId('start').click();
    await page.getByTestId('live').waitFor();
    await page.waitForTimeout((durationS + 4) * 1000);
    const live = page.getByTestId('live');
    for (
      let i = 0;
      i < 30 && (await live.getAttribute('data-windows-made')) !== (await live.getAttribute('data-windows-explained'));
      i++
    ) {
      await page.waitForTimeout(1000);
    }
    await page.getByTestId('export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save').click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { windows: ExportedWindow[] };
    if (errors.length) console.warn(`  page errors: ${errors.join('; ')}`);
    const matched = matchWindows(onsets, exported.windows);
    return s.utterances.map((u, i) => rowFor(s, u, matched[i] ?? null));
  } finally {
    await browser.close();
  }
}

// ---- report --------------------------------------------------------------------------------------

const cell = (x: { top: string; p: number; weight: number } | null) =>
  x ? `${x.top} ${x.p.toFixed(2)} (w ${x.weight.toFixed(2)})` : '–';

function table(rows: readonly Row[]): string {
  const lines = ['| file | label | face | voice | fused | dominant | expected |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const fused = r.fused ? `${r.fused} ${r.pFused!.toFixed(2)}` : 'no window';
    lines.push(
      `| ${r.file} | ${r.label} | ${cell(r.face)} | ${cell(r.voice)} | ${fused} | ${r.dominant ?? '–'} | ${r.fused === r.expected ? '✓' : '✗'} ${r.expected} |`,
    );
  }
  return lines.join('\n');
}

function summaryLines(label: string, rows: readonly Row[]): string[] {
  const s = summarise(rows);
  return [
    `${label}: ${s.windows} utterances (${s.missed} with no window)`,
    `  live.voice_leads     ${pct(s.voice_leads)}`,
    `  live.fused_correct   a ${pct(s.fused_correct.a)} · b ${pct(s.fused_correct.b)} · c ${pct(s.fused_correct.c)} · d ${pct(s.fused_correct.d)}`,
    `  live.face_holds      ${pct(s.face_holds)}`,
    `  live.run_stability   voice ${pct(s.run_stability)} · fused ${pct(s.run_stability_fused)}`,
    `  voice reads its label ${pct(s.voice_correct)}`,
  ];
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/index.html'))) throw new Error('run `npm run build` first (npm run eval:live does)');
  mkdirSync(WORK, { recursive: true });
  const only = values.only ? new Set(values.only.split(',')) : null;
  const chosen = SCENARIOS.filter((s) => !only || only.has(s.kind));
  const t0 = performance.now();
  const server = await preview({ root: ROOT, preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
  const rows: Row[] = [];
  try {
    for (const [i, s] of chosen.entries()) {
      const ts = performance.now();
      const mine = await run(s, i);
      rows.push(...mine);
      console.log(`\n${s.name} (${((performance.now() - ts) / 1000).toFixed(0)} s)\n${table(mine)}`);
    }
  } finally {
    await server.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const byCorpus = (c: Utterance['corpus']) => rows.filter((r) => r.corpus === c);
  const out = [
    '',
    ...summaryLines('all', rows),
    ...summaryLines("EmoDB voices (the voice model's training data: in-sample)", byCorpus('emodb')),
    ...summaryLines('CREMA-D voices (never trained on)', byCorpus('cremad')),
    `took ${seconds.toFixed(0)} s on ${cpus().length} cores`,
  ];
  console.log(out.join('\n'));
  const report = {
    date: new Date().toISOString(),
    command: 'npm run eval:live',
    machine: { cpus: cpus().length },
    stream: { lead_s: LEAD_S, gap_s: GAP_S },
    seconds: Math.round(seconds),
    live: summarise(rows),
    by_corpus: { emodb: summarise(byCorpus('emodb')), cremad: summarise(byCorpus('cremad')) },
    scenarios: chosen.map((s) => ({ name: s.name, kind: s.kind as ScenarioKind, face: s.face.split('/').at(-1) })),
    rows,
  };
  writeFileSync(values.json as string, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${values.json}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
