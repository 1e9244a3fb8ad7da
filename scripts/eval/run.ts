/**
 * `npm run eval -- --clips DIR [--json FILE] [--md FILE]`: the app's Lite
 * pipeline over labelled items with no camera — talking-face clips (face and
 * voice), still images (face only) and audio files (voice only), decoded by
 * ffmpeg, through the same pure core the app runs (vision pipeline, VAD
 * segmentation, the voice model, fusion, Modality Importance, template
 * explanations, verifier) on the bundled models through onnxruntime-node.
 * Labels come from a MANIFEST.tsv (shared/fixtures format), a labels.csv
 * (`path,label`), or the folder an item is in, mapped by name with the
 * app's one label table (anger → angry, calm → neutral, …); a label that
 * maps to no class is refused with a message listing it, and `-` or an
 * empty label means "unlabelled" (skipped, and counted). Prints WAR/UAR per
 * modality over the items where that modality is present (with n), fused,
 * how often each modality dominated, and for MIGR vs visual-first order the
 * verifier's consistency rate and the rate of correct predictions with
 * inconsistent explanations (the paper's reliability metric).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { describeProsody, SpeakerBaseline } from '../../src/core/audio/acoustic.ts';
import voiceMeta from '../../src/core/audio/voice-model.json';
import { readVoice, VoiceBaseline, type VoiceModelMeta } from '../../src/core/audio/voice-model.ts';
import { prosody } from '../../src/core/audio/prosody.ts';
import { CHUNK } from '../../src/core/audio/resample.ts';
import { DEFAULT_SEGMENTER, UtteranceSegmenter } from '../../src/core/audio/segmenter.ts';
import { sileroStep, VoiceActivity } from '../../src/core/audio/vad.ts';
import { EMOTIONS, emotionForLabel, topEmotion, type Distribution, type Emotion } from '../../src/core/labels.ts';
import type { EvidenceSet } from '../../src/core/mi/evidence.ts';
import type { ModalityReading } from '../../src/core/mi/fusion.ts';
import { modalityImportance, type ModalityImportance } from '../../src/core/mi/importance.ts';
import type { Section } from '../../src/core/mi/parser.ts';
import { planSections, type ExplanationOrder } from '../../src/core/mi/prompts.ts';
import { composeExplanation } from '../../src/core/mi/template.ts';
import { verifyExplanation } from '../../src/core/mi/verifier.ts';
import { facePart } from '../../src/core/mi/window.ts';
import { VisionPipeline } from '../../src/core/vision/pipeline.ts';
import { faceSpan, WindowPool } from '../../src/core/vision/smoothing.ts';
import { MODELS_DIR, nodeRunner, readFrame } from '../../src/test-support/node-models.ts';
import { mcnemarExact } from './stats.ts';

const KINDS = {
  clip: new Set(['.mp4', '.webm', '.mkv', '.mov', '.avi']),
  image: new Set(['.jpg', '.jpeg', '.png']),
  audio: new Set(['.wav', '.mp3', '.flac', '.ogg']),
} as const;
export type ItemKind = keyof typeof KINDS;
const FPS = 10;

export interface Item {
  readonly path: string;
  readonly label: Emotion;
  readonly kind: ItemKind;
  /** Whose voice: items of one speaker share a voice baseline, as a session would. */
  readonly speaker: string;
}

export interface FoundItems {
  readonly items: Item[];
  /** Items whose label was `-` or empty. */
  readonly unlabelled: number;
  /** Listed items whose file is not there. */
  readonly missing: readonly string[];
  /** Items left out because their label has no class, per label (with `dropUnmapped`). */
  readonly dropped: Readonly<Record<string, number>>;
}

export class UnknownLabelError extends Error {
  constructor(readonly labels: readonly string[]) {
    super(`labels with no emotion class (map them or remove them): ${labels.join(', ')}`);
  }
}

function kindOf(path: string): ItemKind | null {
  const ext = extname(path).toLowerCase();
  for (const [kind, exts] of Object.entries(KINDS)) if ((exts as Set<string>).has(ext)) return kind as ItemKind;
  return null;
}

/**
 * How a dataset's labels become the seven classes:
 * - `names`: by name with the app's label table (anger → angry, calm → neutral, …);
 * - `dfew`: DFEW's numbers 1–7 in its order (happy, sad, neutral, angry, surprise, disgust, fear);
 * - `mafw`: MAFW's 11 classes, by name or by number 1–11 (anger, disgust, fear, happiness, neutral,
 *   sadness, surprise, contempt, anxiety, helplessness, disappointment): the seven basic ones map,
 *   the four others have no class and are refused (or, with `dropUnmapped`, left out and counted).
 */
export type LabelMap = 'names' | 'dfew' | 'mafw';

const MAFW = [
  'anger',
  'disgust',
  'fear',
  'happiness',
  'neutral',
  'sadness',
  'surprise',
  'contempt',
  'anxiety',
  'helplessness',
  'disappointment',
];
const MAFW_BASIC: Readonly<Record<string, Emotion>> = {
  anger: 'angry',
  disgust: 'disgust',
  fear: 'fear',
  happiness: 'happy',
  neutral: 'neutral',
  sadness: 'sad',
  surprise: 'surprise',
};

/** The class a dataset label counts towards under `map`, or null (no class). */
export function mapLabel(label: string, map: LabelMap): Emotion | null {
  const l = label.trim().toLowerCase();
  if (map === 'dfew') return /^[1-7]$/.test(l) ? (EMOTIONS[Number(l) - 1] as Emotion) : null;
  if (map === 'mafw') return MAFW_BASIC[/^\d+$/.test(l) ? (MAFW[Number(l) - 1] ?? '') : l] ?? null;
  return emotionForLabel(l);
}

export interface FindOptions {
  readonly labelMap?: LabelMap;
  /** Leave out items whose label has no class (counted per label) instead of refusing the set. */
  readonly dropUnmapped?: boolean;
}

/** Items with their labels mapped; throws UnknownLabelError listing every label that maps to no class. */
export function findItems(dir: string, options: FindOptions = {}): FoundItems {
  const labelMap = options.labelMap ?? 'names';
  const raw: { path: string; label: string; speaker: string }[] = [];
  const manifest = join(dir, 'MANIFEST.tsv');
  const csv = join(dir, 'labels.csv');
  if (existsSync(manifest)) {
    const [head, ...rows] = readFileSync(manifest, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const col = (name: string) => head!.indexOf(name);
    for (const r of rows) {
      const file = r[col('file')] ?? '';
      const speaker = col('speaker') >= 0 ? (r[col('speaker')] ?? '') : '';
      raw.push({ path: join(dir, file), label: r[col('label')] ?? '', speaker });
    }
  } else if (existsSync(csv)) {
    for (const line of readFileSync(csv, 'utf8').trim().split('\n')) {
      const [file, label] = line.split(',').map((x) => x.trim());
      if (file && file !== 'path') raw.push({ path: join(dir, file), label: label ?? '', speaker: '' });
    }
  } else {
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (kindOf(p) && relative(dir, p).includes('/'))
          raw.push({ path: p, label: relative(dir, p).split('/').at(-2)!, speaker: '' });
      }
    };
    walk(dir);
  }
  const items: Item[] = [];
  const unknown = new Set<string>();
  const dropped: Record<string, number> = {};
  let unlabelled = 0;
  const missing: string[] = [];
  for (const r of raw) {
    const kind = kindOf(r.path);
    if (!kind) continue;
    if (!existsSync(r.path)) {
      missing.push(relative(dir, r.path));
      continue;
    }
    if (r.label === '' || r.label === '-') {
      unlabelled++;
      continue;
    }
    const label = mapLabel(r.label, labelMap);
    if (label === null) {
      if (options.dropUnmapped) dropped[r.label] = (dropped[r.label] ?? 0) + 1;
      else unknown.add(r.label);
    } else items.push({ path: r.path, label, kind, speaker: r.speaker || speakerFromName(r.path) });
  }
  if (unknown.size > 0) throw new UnknownLabelError([...unknown].sort());
  return { items, unlabelled, missing, dropped };
}

/**
 * Shard `index` (1-based) of `count`: whole speakers go to one shard (a speaker's voice baseline is built
 * in item order, so a shard reads each item as the whole run would), speakers dealt round-robin in the
 * order they first appear; items with no speaker count as one speaker.
 */
export function shardItems(items: readonly Item[], index: number, count: number): Item[] {
  if (!Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard takes i/n with 1 ≤ i ≤ n, not ${index}/${count}`);
  }
  const speakers = [...new Set(items.map((i) => i.speaker))];
  const shardOf = new Map(speakers.map((s, k) => [s, (k % count) + 1]));
  return items.filter((i) => shardOf.get(i.speaker) === index);
}

/** CREMA-D names carry the actor (cremad_1001_…); otherwise one speaker for the folder. */
function speakerFromName(path: string): string {
  return /cremad_(\d{4})_/.exec(path)?.[1] ?? '';
}

function ffmpeg(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-loglevel', 'error', ...args], { maxBuffer: 1 << 30 });
}

function videoSize(path: string): { width: number; height: number } {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    path,
  ]);
  const [width, height] = out.toString().trim().split(',').map(Number) as [number, number];
  return { width, height };
}

/** One explanation of an item's window, read back by the verifier. */
export interface OrderResult {
  /** The sections, in the order written. */
  readonly plan: readonly Section[];
  /** The explanation as written. */
  readonly text: string;
  /** The explanation's own answer. */
  readonly answer: Emotion | null;
  /** By sentence (the dominant section and `<think>`): consistent with the own answer; null: unjudged. */
  readonly consistent: boolean | null;
  /** Whole (`<think>` only, the authors' judge): consistent with the own answer; null: unjudged. */
  readonly wholeConsistent: boolean | null;
  /** Generation speed (LLM explainers only). */
  readonly tokensPerSecond: number | null;
}

export interface ItemResult {
  readonly item: string;
  readonly kind: ItemKind;
  readonly label: Emotion;
  readonly face: Emotion | null;
  readonly voice: Emotion | null;
  /** Words need the Standard tier's hub models, which the Node eval does not load. */
  readonly words: Emotion | null;
  readonly fused: Emotion | null;
  readonly dominant: string | null;
  /** How many modalities read the window: with one, the two plans cannot differ. */
  readonly modalities: number;
  /** Per order, the explanation (null: no window). */
  readonly explanations: Record<ExplanationOrder, OrderResult> | null;
}

/** Writes one explanation for a window in a given order (the template, or an LLM by MI-guided decoding). */
export interface EvalExplainer {
  readonly name: string;
  /** The two orders hold the same sentences (none of this project's explainers do since the baseline reasons without MI). */
  readonly sameSentences: boolean;
  explain(
    plan: readonly Section[],
    evidence: EvidenceSet,
    mi: ModalityImportance,
    order: ExplanationOrder,
  ): Promise<{ text: string; tokensPerSecond: number | null }>;
}

export const TEMPLATE_EXPLAINER: EvalExplainer = {
  name: 'template',
  // The baseline's reasoning is written from the evidence alone, the MIGR one from Modality Importance.
  sameSentences: false,
  explain: async (plan, evidence, mi, order) => ({
    text: composeExplanation(plan, evidence, mi, order),
    tokensPerSecond: null,
  }),
};

type Models = ConstructorParameters<typeof VisionPipeline>[0];

/** A clip's frames at FPS through the vision pipeline, pooled per time with their facial cue changes. */
async function clipFaces(path: string, models: Models): Promise<WindowPool> {
  const { width, height } = videoSize(path);
  const rgb = ffmpeg(['-i', path, '-vf', `fps=${FPS}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  const frameBytes = width * height * 3;
  const pipeline = new VisionPipeline(models);
  const pool = new WindowPool();
  for (let i = 0; (i + 1) * frameBytes <= rgb.length; i++) {
    const data = new Uint8Array(rgb.buffer, rgb.byteOffset + i * frameBytes, frameBytes);
    const r = await pipeline.analyse({ data, width, height, channels: 3 }, (i * 1000) / FPS);
    pool.add(r.t, r.main?.distribution ?? null, r.main ? r.main.face.score * r.main.view.factor : 0);
    pool.addCues(r.t, r.deltas);
  }
  return pool;
}

interface Heard {
  readonly startMs: number;
  readonly endMs: number;
  readonly samples: Float32Array;
  readonly p: number;
}

/** A file's audio at 16 kHz through voice activity and segmentation: its longest utterance, and its length. */
async function longestUtterance(
  path: string,
  vad: ort.InferenceSession,
): Promise<{ longest: Heard | null; ms: number }> {
  const pcm = ffmpeg(['-i', path, '-vn', '-ac', '1', '-ar', '16000', '-f', 's16le', '-']);
  const audio = new Float32Array(pcm.length / 2 + 16_000); // one second of silence after, so speech can end
  for (let i = 0; i < pcm.length / 2; i++) audio[i] = pcm.readInt16LE(i * 2) / 32768;
  const activity = new VoiceActivity(sileroStep(ort, vad));
  const segmenter = new UtteranceSegmenter();
  let longest: Heard | null = null;
  for (let i = 0; i + CHUNK <= audio.length; i += CHUNK) {
    const chunk = audio.slice(i, i + CHUNK);
    for (const e of segmenter.push(chunk, await activity.next(chunk))) {
      if (e.type === 'end' && (!longest || e.utterance.samples.length > longest.samples.length)) {
        longest = {
          startMs: e.utterance.startMs,
          endMs: e.utterance.endMs,
          samples: e.utterance.samples,
          p: e.utterance.speechProbability,
        };
      }
    }
  }
  return { longest, ms: audio.length / 16 };
}

export async function evaluate(
  items: readonly Item[],
  log: (line: string) => void = () => undefined,
  explainer: EvalExplainer = TEMPLATE_EXPLAINER,
): Promise<ItemResult[]> {
  const runner = (p: string) => nodeRunner(p);
  const models: Models = {
    detector: { runner: await runner('lite/face/face_detection_front_128x128_barracuda.onnx'), size: 128 as const },
    farDetector: { runner: await runner('lite/face/face_detection_back_256x256_barracuda.onnx'), size: 256 as const },
    expression: await runner('lite/face/face_expression.onnx'),
    landmarks: await runner('lite/face/face_landmark_68.onnx'),
  };
  const vad = await ort.InferenceSession.create(join(MODELS_DIR, 'lite/audio/silero_vad_v5.onnx'), {
    logSeverityLevel: 3,
  });
  const voiceModel = await runner('lite/voice/voice_emotion.onnx');
  const meta = voiceMeta as VoiceModelMeta;
  // One baseline per speaker, built in the order the items come, as a session builds it.
  const speakers = new Map<string, { prosody: SpeakerBaseline; voice: VoiceBaseline }>();
  const results: ItemResult[] = [];
  for (const item of items) {
    const readings: ModalityReading[] = [];
    const evidence: EvidenceSet = {};
    let face: Distribution | null = null;
    let voice: Distribution | null = null;
    if (item.kind === 'image') {
      const pipeline = new VisionPipeline(models);
      const frame = await readFrame(item.path);
      const r = await pipeline.analyse(frame, 0);
      if (r.main && r.main.face.score > 0) {
        face = r.main.distribution;
        readings.push({ modality: 'face', distribution: face, reliability: r.main.face.score * r.main.view.factor });
        evidence.face = { modality: 'face', reading: topEmotion(face), cues: [] };
      }
    }
    let heard: Heard | null = null;
    let heardMs = 0;
    if (item.kind !== 'image') ({ longest: heard, ms: heardMs } = await longestUtterance(item.path, vad));
    if (item.kind === 'clip') {
      const pool = await clipFaces(item.path, models);
      // The window: the clip's (longest) utterance, or the whole clip when no speech was found; analysed, as in
      // the page, once the segmenter's hangover has passed. The face's cues are pooled over the same frames.
      const from = heard?.startMs ?? 0;
      const to = heard?.endMs ?? heardMs;
      const pooled =
        pool.pool(...faceSpan(from, to, to + DEFAULT_SEGMENTER.hangoverMs)) ?? pool.pool(0, Number.POSITIVE_INFINITY);
      const part = facePart(pooled, heard !== null);
      if (part) {
        face = part.reading.distribution;
        readings.push(part.reading);
        evidence.face = part.evidence;
      }
    }
    if (heard) {
      const who = speakers.get(item.speaker) ?? { prosody: new SpeakerBaseline(), voice: new VoiceBaseline(meta) };
      speakers.set(item.speaker, who);
      const p = prosody(heard.samples);
      who.prosody.add(p);
      const reading = await readVoice(heard.samples, who.voice, voiceModel, meta);
      if (reading.kind === 'read') {
        voice = reading.distribution;
        readings.push({ modality: 'voice', distribution: voice, reliability: heard.p * reading.certainty });
        evidence.voice = {
          modality: 'voice',
          reading: topEmotion(voice),
          cues: describeProsody(p, who.prosody.reference()),
          notes: reading.notes,
        };
      }
    }
    const mi = modalityImportance(readings);
    let explanations: Record<ExplanationOrder, OrderResult> | null = null;
    if (mi) {
      const written: Partial<Record<ExplanationOrder, OrderResult>> = {};
      for (const order of ['migr', 'visual-first'] as const) {
        const plan = planSections(mi, order);
        const { text, tokensPerSecond } = await explainer.explain(plan, evidence, mi, order);
        // Both orders are judged alike: the window's dominant section (an evaluation's knowledge, not the writer's).
        const verdict = await verifyExplanation(text, null, mi.dominant);
        written[order] = {
          plan,
          text,
          answer: verdict.answer,
          consistent: verdict.consistent,
          wholeConsistent: verdict.wholeConsistent,
          tokensPerSecond,
        };
      }
      explanations = written as Record<ExplanationOrder, OrderResult>;
    }
    const result: ItemResult = {
      item: item.path,
      kind: item.kind,
      label: item.label,
      face: face ? topEmotion(face).emotion : null,
      voice: voice ? topEmotion(voice).emotion : null,
      words: null,
      fused: mi?.prediction ?? null,
      dominant: mi?.dominant ?? null,
      modalities: readings.length,
      explanations,
    };
    const shown = [
      `${item.kind.padEnd(5)} ${item.label.padEnd(8)}`,
      item.kind !== 'audio' ? `face ${result.face}` : null,
      item.kind !== 'image' ? `voice ${result.voice}` : null,
      item.kind === 'clip' ? `fused ${result.fused} · dominant ${result.dominant}` : null,
      relative(process.cwd(), item.path),
    ];
    log(shown.filter((x) => x !== null).join(' · '));
    results.push(result);
  }
  return results;
}

export interface Rates {
  /** Items where this modality was present (had a reading, or could have: its kind carries it). */
  readonly n: number;
  readonly war: number;
  readonly uar: number;
}

export function summarise(results: readonly ItemResult[]) {
  /** WAR/UAR over the items whose kind carries the modality; an item with no reading counts as wrong. */
  const rates = (pick: (r: ItemResult) => Emotion | null, has: (r: ItemResult) => boolean): Rates => {
    const present = results.filter(has);
    const war = present.filter((r) => pick(r) === r.label).length / Math.max(1, present.length);
    const classes = EMOTIONS.filter((e) => present.some((r) => r.label === e));
    const recalls = classes.map((e) => {
      const of = present.filter((r) => r.label === e);
      return of.filter((r) => pick(r) === e).length / of.length;
    });
    return { n: present.length, war, uar: recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length) };
  };
  /**
   * The paper's reliability metric for one explanation order: correct = the explanation's **own answer** is
   * the label; inconsistent = the whole-text judge (`<think>` only) reads another emotion. Unjudged
   * reasoning (none, or naming no emotion) is neither, and counted. Over all items and over the items the
   * explanation got right; the by-sentence judge's figures beside them; the own answer agreeing with the
   * fused prediction; mean tokens per second (LLM explainers).
   */
  const order = (o: ExplanationOrder) => {
    const explained = results.flatMap((r) => (r.explanations ? [{ r, x: r.explanations[o] }] : []));
    const correct = explained.filter(({ r, x }) => x.answer === r.label);
    const wholeJudged = explained.filter(({ x }) => x.wholeConsistent !== null);
    const sentenceJudged = explained.filter(({ x }) => x.consistent !== null);
    const inconsistent = correct.filter(({ x }) => x.wholeConsistent === false).length;
    const inconsistentBySentence = correct.filter(({ x }) => x.consistent === false).length;
    const speeds = explained.flatMap(({ x }) => (x.tokensPerSecond === null ? [] : [x.tokensPerSecond]));
    const share = (k: number, n: number) => k / Math.max(1, n);
    return {
      explained: explained.length,
      own_answer_war: share(correct.length, explained.length),
      correct: correct.length,
      judged: wholeJudged.length,
      unjudged: explained.length - wholeJudged.length,
      consistency: share(wholeJudged.filter(({ x }) => x.wholeConsistent).length, wholeJudged.length),
      correct_but_inconsistent_all: share(inconsistent, results.length),
      correct_but_inconsistent_correct: share(inconsistent, correct.length),
      by_sentence: {
        judged: sentenceJudged.length,
        consistency: share(sentenceJudged.filter(({ x }) => x.consistent).length, sentenceJudged.length),
        correct_but_inconsistent_all: share(inconsistentBySentence, results.length),
        correct_but_inconsistent_correct: share(inconsistentBySentence, correct.length),
      },
      answer_agreement: share(
        explained.filter(({ r, x }) => x.answer !== null && x.answer === r.fused).length,
        explained.length,
      ),
      tokens_per_s: speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : null,
    };
  };
  /** Correct but inconsistent (whole judge), per item and order. */
  const failed = (r: ItemResult, o: ExplanationOrder) =>
    r.explanations !== null && r.explanations[o].answer === r.label && r.explanations[o].wholeConsistent === false;
  /** Both orders' rates over a subset, with McNemar's exact test on its discordant items. */
  const compare = (subset: readonly ItemResult[]) => {
    const migrOnly = subset.filter((r) => failed(r, 'migr') && !failed(r, 'visual-first')).length;
    const visualOnly = subset.filter((r) => failed(r, 'visual-first') && !failed(r, 'migr')).length;
    return {
      n: subset.length,
      migr: subset.filter((r) => failed(r, 'migr')).length / Math.max(1, subset.length),
      visual_first: subset.filter((r) => failed(r, 'visual-first')).length / Math.max(1, subset.length),
      migr_only: migrOnly,
      visual_first_only: visualOnly,
      p: mcnemarExact(migrOnly, visualOnly),
    };
  };
  const windows = results.filter((r) => r.explanations !== null);
  const ordersDiffer = (r: ItemResult) =>
    r.explanations!.migr.plan.join(',') !== r.explanations!['visual-first'].plan.join(',');
  const dominant: Record<string, number> = {};
  for (const r of results) dominant[r.dominant ?? 'none'] = (dominant[r.dominant ?? 'none'] ?? 0) + 1;
  return {
    items: results.length,
    clips: results.filter((r) => r.kind === 'clip').length,
    face: rates(
      (r) => r.face,
      (r) => r.kind !== 'audio',
    ),
    voice: rates(
      (r) => r.voice,
      (r) => r.kind !== 'image',
    ),
    words: rates(
      (r) => r.words,
      (r) => r.words !== null,
    ),
    fused: rates(
      (r) => r.fused,
      () => true,
    ),
    dominant,
    judge: 'lexicon (the Node eval loads no text-emotion model)',
    orders: { migr: order('migr'), visual_first: order('visual-first') },
    /** The paper's metric on the items whose two plans put the sections in different orders: paired. */
    paired: compare(windows.filter((r) => r.modalities > 1 && ordersDiffer(r))),
    /** Two or more modalities in the same order (face-led): only the reasoning's wording differs. */
    same_order: compare(windows.filter((r) => r.modalities > 1 && !ordersDiffer(r))),
    /** One modality: the plans cannot differ in order. */
    one_modality: compare(windows.filter((r) => r.modalities === 1)),
  };
}

export function markdown(s: ReturnType<typeof summarise>): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const row = (name: string, r: Rates) =>
    `| ${name} | ${r.n} | ${r.n ? pct(r.war) : '–'} | ${r.n ? pct(r.uar) : '–'} |`;
  return [
    `| ${s.items} items (${s.clips} clips) | n | WAR | UAR |`,
    '|---|---|---|---|',
    row('face (Lite)', s.face),
    row('voice (Lite)', s.voice),
    ...(s.words.n ? [row('words', s.words)] : []),
    row('fused', s.fused),
    '',
    `Dominant modality: ${Object.entries(s.dominant)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    `Explanations read back by the verifier against their own answer; judge: ${s.judge}. Correct = the explanation's own answer is the label; inconsistent = its \`<think>\` read whole implies another emotion.`,
    '',
    '| explanation order | own answer right | consistent (of judged) | unjudged | correct and inconsistent (of all items) | (of own answers right) | by sentence: (of all) | own answer = fused | tokens/s |',
    '|---|---|---|---|---|---|---|---|---|',
    ...(
      [
        ['MIGR (MI order)', s.orders.migr],
        ['visual-first', s.orders.visual_first],
      ] as const
    ).map(
      ([name, o]) =>
        `| ${name} | ${pct(o.own_answer_war)} (n ${o.explained}) | ${pct(o.consistency)} (n ${o.judged}) | ${o.unjudged} | ${pct(o.correct_but_inconsistent_all)} (n ${s.items}) | ${pct(o.correct_but_inconsistent_correct)} (n ${o.correct}) | ${pct(o.by_sentence.correct_but_inconsistent_all)} | ${pct(o.answer_agreement)} | ${o.tokens_per_s === null ? '–' : o.tokens_per_s.toFixed(0)} |`,
    ),
    '',
    '| correct and inconsistent, per item | n | MIGR | visual-first | only MIGR | only visual-first | McNemar exact p |',
    '|---|---|---|---|---|---|---|',
    ...(
      [
        ['paired: the plans differ in order', s.paired],
        ['same order in both', s.same_order],
        ['one modality (plans cannot differ)', s.one_modality],
      ] as const
    ).map(
      ([name, c]) =>
        `| ${name} | ${c.n} | ${pct(c.migr)} | ${pct(c.visual_first)} | ${c.migr_only} | ${c.visual_first_only} | ${c.p.toFixed(3)} |`,
    ),
  ].join('\n');
}

/** The results of several runs (e.g. shards) as one: rows concatenated, an item twice refused. */
export function mergeResults(runs: readonly { results: readonly ItemResult[] }[]): ItemResult[] {
  const seen = new Set<string>();
  const out: ItemResult[] = [];
  for (const run of runs) {
    for (const r of run.results) {
      if (seen.has(r.item)) throw new Error(`${r.item} is in more than one of the merged results`);
      seen.add(r.item);
      out.push(r);
    }
  }
  return out;
}

function report(
  results: readonly ItemResult[],
  explainer: { name: string; sameSentences: boolean },
  json: string,
  md?: string,
): void {
  const summary = { ...summarise(results), explainer: explainer.name, same_sentences: explainer.sameSentences };
  const table = markdown(summary);
  console.log(`\n${table}\n`);
  if (explainer.sameSentences) {
    console.log(
      'Both orders hold the same sentences, so the two rows cannot differ: run with --explainer to compare orders.\n',
    );
  }
  writeFileSync(json, `${JSON.stringify({ summary, results }, null, 2)}\n`);
  if (md) writeFileSync(md, `${table}\n`);
  console.log(`wrote ${json}${md ? ` and ${md}` : ''}`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      clips: { type: 'string' },
      json: { type: 'string', default: 'eval-results.json' },
      md: { type: 'string' },
      explainer: { type: 'string' },
      'label-map': { type: 'string', default: 'names' },
      'drop-unmapped': { type: 'boolean', default: false },
      shard: { type: 'string' },
      merge: { type: 'boolean', default: false },
    },
  });
  const usage =
    'usage: npm run eval -- --clips DIR [--label-map names|dfew|mafw] [--drop-unmapped] [--shard i/n] [--explainer tiny|smollm2|smolvlm] [--json FILE] [--md FILE]\n' +
    '       npm run eval -- --merge a.json b.json … [--json FILE] [--md FILE]';
  if (values.merge) {
    if (positionals.length === 0) throw new Error(usage);
    const runs = positionals.map(
      (f) =>
        JSON.parse(readFileSync(f, 'utf8')) as {
          summary: { explainer?: string; same_sentences?: boolean };
          results: ItemResult[];
        },
    );
    const names = new Set(runs.map((r) => r.summary.explainer ?? 'template'));
    if (names.size > 1) throw new Error(`the results were written by different explainers: ${[...names].join(', ')}`);
    const results = mergeResults(runs);
    console.log(`merged ${positionals.length} result files: ${results.length} items`);
    report(
      results,
      { name: [...names][0]!, sameSentences: runs.every((r) => r.summary.same_sentences !== false) },
      values.json as string,
      values.md,
    );
    process.exit(0);
  }
  if (!values.clips) throw new Error(usage);
  const { EXPLAINERS, llmExplainer } = await import('./explainers.ts');
  if (values.explainer !== undefined && !(EXPLAINERS as readonly string[]).includes(values.explainer))
    throw new Error(usage);
  const labelMap = values['label-map'] as LabelMap;
  if (!['names', 'dfew', 'mafw'].includes(labelMap)) throw new Error(usage);
  let found: FoundItems;
  try {
    found = findItems(values.clips, { labelMap, dropUnmapped: values['drop-unmapped'] });
  } catch (e) {
    if (!(e instanceof UnknownLabelError)) throw e;
    console.error(`npm run eval: ${e.message} (or pass --drop-unmapped to leave them out, counted)`);
    process.exit(2);
  }
  const { unlabelled, missing, dropped } = found;
  let { items } = found;
  if (missing.length)
    console.warn(
      `${missing.length} listed file(s) not found, left out: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
    );
  const droppedText = Object.entries(dropped)
    .map(([label, n]) => `${label} ${n}`)
    .join(', ');
  if (droppedText) console.warn(`left out, no emotion class: ${droppedText}`);
  if (values.shard) {
    const [i, n] = values.shard.split('/').map(Number) as [number, number];
    const all = items.length;
    items = shardItems(items, i, n);
    console.log(`shard ${i}/${n}: ${items.length} of ${all} items (whole speakers per shard)`);
  }
  if (items.length === 0) throw new Error(`no labelled clips, images or audio files under ${values.clips}`);
  const llm = values.explainer ? await llmExplainer(values.explainer as (typeof EXPLAINERS)[number]) : null;
  const explainer = llm ?? TEMPLATE_EXPLAINER;
  const count = (k: ItemKind) => items.filter((i) => i.kind === k).length;
  console.log(
    `evaluating ${items.length} items: ${count('clip')} clips, ${count('image')} images, ${count('audio')} audio files` +
      `${unlabelled ? ` (${unlabelled} unlabelled, skipped)` : ''} (Lite tier: bundled models; explanations: ${explainer.name}${llm ? ', reasoned to its own answer, both orders' : ''})`,
  );
  const results = await evaluate(items, (line) => console.log(`  ${line}`), explainer);
  await llm?.close();
  report(results, explainer, values.json as string, values.md);
}
