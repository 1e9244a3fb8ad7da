/**
 * One evaluation pass: each item through the app's Lite pipeline with no camera (the vision pipeline on
 * its frames, voice activity and segmentation on its sound, the voice model, fusion, Modality
 * Importance), explained in both orders and read back by the verifier.
 */
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describeProsody, SpeakerBaseline } from '../../src/core/audio/acoustic.ts';
import voiceMeta from '../../src/core/audio/voice-model.json';
import { readVoice, VoiceBaseline, type VoiceModelMeta } from '../../src/core/audio/voice-model.ts';
import { prosody } from '../../src/core/audio/prosody.ts';
import { CHUNK } from '../../src/core/audio/resample.ts';
import { DEFAULT_SEGMENTER, UtteranceSegmenter } from '../../src/core/audio/segmenter.ts';
import { sileroStep, VoiceActivity } from '../../src/core/audio/vad.ts';
import { topEmotion, type Distribution, type Emotion } from '../../src/core/labels.ts';
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
import type { Item, ItemKind } from './items.ts';

/** Frames per second read from a clip. */
const FPS = 10;

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
