/**
 * `npm run eval -- --clips DIR [--json FILE] [--md FILE]`: the app's Lite
 * pipeline over labelled clips with no camera — frames and audio decoded by
 * ffmpeg, the same pure core the app runs (vision pipeline, VAD segmentation,
 * prosody, fusion, Modality Importance, template explanations, verifier) on
 * the bundled models through onnxruntime-node. Labels come from a
 * MANIFEST.tsv (shared/fixtures format), a labels.csv (`path,label`), or
 * folder names. Prints per-modality and fused WAR/UAR, how often each
 * modality dominated, and for MIGR vs visual-first order the verifier's
 * consistency rate and the rate of correct predictions with inconsistent
 * explanations (the paper's reliability metric).
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
import { EMOTIONS, isEmotion, topEmotion, type Distribution, type Emotion } from '../../src/core/labels.ts';
import type { EvidenceSet } from '../../src/core/mi/evidence.ts';
import type { ModalityReading } from '../../src/core/mi/fusion.ts';
import { modalityImportance } from '../../src/core/mi/importance.ts';
import { planSections, type ExplanationOrder } from '../../src/core/mi/prompts.ts';
import { composeExplanation } from '../../src/core/mi/template.ts';
import { verifyExplanation } from '../../src/core/mi/verifier.ts';
import { VisionPipeline } from '../../src/core/vision/pipeline.ts';
import { faceSpan, WindowPool } from '../../src/core/vision/smoothing.ts';
import { MODELS_DIR, nodeRunner } from '../../src/test-support/node-models.ts';

const VIDEO = new Set(['.mp4', '.webm', '.mkv', '.mov', '.avi']);
const FPS = 10;

interface Clip {
  readonly path: string;
  readonly label: Emotion;
}

export function findClips(dir: string): Clip[] {
  const manifest = join(dir, 'MANIFEST.tsv');
  if (existsSync(manifest)) {
    const rows = readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    return rows
      .filter((r) => VIDEO.has(extname(r[0] ?? '')) && isEmotion(r[2] ?? ''))
      .map((r) => ({ path: join(dir, r[0] as string), label: r[2] as Emotion }));
  }
  const csv = join(dir, 'labels.csv');
  if (existsSync(csv)) {
    return readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','))
      .filter((r) => isEmotion((r[1] ?? '').trim()))
      .map((r) => ({ path: join(dir, (r[0] as string).trim()), label: (r[1] as string).trim() as Emotion }));
  }
  const out: Clip[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else if (VIDEO.has(extname(name.name))) {
        const label = relative(dir, p).split('/').find((part) => isEmotion(part));
        if (label) out.push({ path: p, label: label as Emotion });
      }
    }
  };
  walk(dir);
  return out;
}

function ffmpeg(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-loglevel', 'error', ...args], { maxBuffer: 1 << 30 });
}

function videoSize(path: string): { width: number; height: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path]);
  const [width, height] = out.toString().trim().split(',').map(Number) as [number, number];
  return { width, height };
}

interface ClipResult {
  readonly clip: string;
  readonly label: Emotion;
  readonly face: Emotion | null;
  readonly voice: Emotion | null;
  readonly fused: Emotion | null;
  readonly dominant: string | null;
  readonly consistent: Record<ExplanationOrder, boolean | null>;
}

export async function evaluate(clips: readonly Clip[], log = (_: string) => undefined as void): Promise<ClipResult[]> {
  const runner = (p: string) => nodeRunner(p);
  const models = {
    detector: { runner: await runner('lite/face/face_detection_front_128x128_barracuda.onnx'), size: 128 as const },
    farDetector: { runner: await runner('lite/face/face_detection_back_256x256_barracuda.onnx'), size: 256 as const },
    expression: await runner('lite/face/face_expression.onnx'),
    landmarks: await runner('lite/face/face_landmark_68.onnx'),
  };
  const vad = await ort.InferenceSession.create(join(MODELS_DIR, 'lite/audio/silero_vad_v5.onnx'), { logSeverityLevel: 3 });
  const voiceModel = await runner('lite/voice/voice_emotion.onnx');
  const speaker = new SpeakerBaseline();
  const voiceBaseline = new VoiceBaseline(voiceMeta as VoiceModelMeta);
  const results: ClipResult[] = [];
  for (const clip of clips) {
    const { width, height } = videoSize(clip.path);
    const rgb = ffmpeg(['-i', clip.path, '-vf', `fps=${FPS}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    const frameBytes = width * height * 3;
    const pipeline = new VisionPipeline(models);
    const pool = new WindowPool();
    let cues: readonly { phrase: string; delta: number }[] = [];
    for (let i = 0; (i + 1) * frameBytes <= rgb.length; i++) {
      const data = new Uint8Array(rgb.buffer, rgb.byteOffset + i * frameBytes, frameBytes);
      const r = await pipeline.analyse({ data, width, height, channels: 3 }, (i * 1000) / FPS);
      pool.add(r.t, r.main?.distribution ?? null, r.main?.face.score ?? 0);
      if (r.evidence.length > 0) cues = r.evidence;
    }
    const pcm = ffmpeg(['-i', clip.path, '-ac', '1', '-ar', '16000', '-f', 's16le', '-']);
    const audio = new Float32Array(pcm.length / 2 + 16_000); // one second of silence after, so speech can end
    for (let i = 0; i < pcm.length / 2; i++) audio[i] = pcm.readInt16LE(i * 2) / 32768;
    const activity = new VoiceActivity(sileroStep(ort, vad));
    const segmenter = new UtteranceSegmenter();
    let longest: { startMs: number; endMs: number; samples: Float32Array; p: number } | null = null;
    for (let i = 0; i + CHUNK <= audio.length; i += CHUNK) {
      const chunk = audio.slice(i, i + CHUNK);
      for (const e of segmenter.push(chunk, await activity.next(chunk))) {
        if (e.type === 'end' && (!longest || e.utterance.samples.length > longest.samples.length)) {
          longest = { startMs: e.utterance.startMs, endMs: e.utterance.endMs, samples: e.utterance.samples, p: e.utterance.speechProbability };
        }
      }
    }
    // The window: the clip's (longest) utterance, or the whole clip when no speech was found.
    const from = longest?.startMs ?? 0;
    const to = longest?.endMs ?? audio.length / 16;
    const readings: ModalityReading[] = [];
    const evidence: EvidenceSet = {};
    // As in the page: the window is analysed once the segmenter's hangover has passed.
    const face = pool.pool(...faceSpan(from, to, to + DEFAULT_SEGMENTER.hangoverMs)) ?? pool.pool(0, Number.POSITIVE_INFINITY);
    if (face && face.reliability > 0) {
      readings.push({ modality: 'face', distribution: face.distribution, reliability: face.reliability });
      evidence.face = { modality: 'face', reading: topEmotion(face.distribution), cues: cues.map((c) => c.phrase) };
    }
    let voice: Distribution | null = null;
    if (longest) {
      const p = prosody(longest.samples);
      speaker.add(p);
      const reading = await readVoice(longest.samples, voiceBaseline, voiceModel, voiceMeta as VoiceModelMeta);
      if (reading.kind === 'read') {
        voice = reading.distribution;
        readings.push({ modality: 'voice', distribution: voice, reliability: longest.p * reading.certainty });
        evidence.voice = { modality: 'voice', reading: topEmotion(voice), cues: describeProsody(p, speaker.reference()), notes: reading.notes };
      }
    }
    const mi = modalityImportance(readings);
    const consistent = { migr: null, 'visual-first': null } as Record<ExplanationOrder, boolean | null>;
    if (mi) {
      for (const order of ['migr', 'visual-first'] as const) {
        const text = composeExplanation(planSections(mi, order), evidence, mi);
        consistent[order] = (await verifyExplanation(text, mi.prediction)).consistent;
      }
    }
    const result: ClipResult = {
      clip: clip.path,
      label: clip.label,
      face: face && face.reliability > 0 ? topEmotion(face.distribution).emotion : null,
      voice: voice ? topEmotion(voice).emotion : null,
      fused: mi?.prediction ?? null,
      dominant: mi?.dominant ?? null,
      consistent,
    };
    log(`${clip.label.padEnd(8)} face ${result.face} · voice ${result.voice} · fused ${result.fused} · dominant ${result.dominant}`);
    results.push(result);
  }
  return results;
}

export function summarise(results: readonly ClipResult[]) {
  const rates = (pick: (r: ClipResult) => Emotion | null) => {
    const war = results.filter((r) => pick(r) === r.label).length / Math.max(1, results.length);
    const present = EMOTIONS.filter((e) => results.some((r) => r.label === e));
    const recalls = present.map((e) => {
      const of = results.filter((r) => r.label === e);
      return of.filter((r) => pick(r) === e).length / of.length;
    });
    return { war, uar: recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length) };
  };
  const order = (o: ExplanationOrder) => {
    const judged = results.filter((r) => r.consistent[o] !== null);
    return {
      consistency: judged.filter((r) => r.consistent[o]).length / Math.max(1, judged.length),
      correct_but_inconsistent: results.filter((r) => r.fused === r.label && r.consistent[o] === false).length / Math.max(1, results.length),
    };
  };
  const dominant: Record<string, number> = {};
  for (const r of results) dominant[r.dominant ?? 'none'] = (dominant[r.dominant ?? 'none'] ?? 0) + 1;
  return {
    clips: results.length,
    face: rates((r) => r.face),
    voice: rates((r) => r.voice),
    fused: rates((r) => r.fused),
    dominant,
    migr: order('migr'),
    visual_first: order('visual-first'),
  };
}

export function markdown(s: ReturnType<typeof summarise>): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  return [
    `| ${s.clips} clips | WAR | UAR |`,
    '|---|---|---|',
    `| face (Lite) | ${pct(s.face.war)} | ${pct(s.face.uar)} |`,
    `| voice (Lite) | ${pct(s.voice.war)} | ${pct(s.voice.uar)} |`,
    `| fused | ${pct(s.fused.war)} | ${pct(s.fused.uar)} |`,
    '',
    `Dominant modality: ${Object.entries(s.dominant).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    '| explanation order | consistent | correct prediction, inconsistent explanation |',
    '|---|---|---|',
    `| MIGR (MI order) | ${pct(s.migr.consistency)} | ${pct(s.migr.correct_but_inconsistent)} |`,
    `| visual-first | ${pct(s.visual_first.consistency)} | ${pct(s.visual_first.correct_but_inconsistent)} |`,
  ].join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: { clips: { type: 'string' }, json: { type: 'string', default: 'eval-results.json' }, md: { type: 'string' } },
  });
  if (!values.clips) throw new Error('usage: npm run eval -- --clips DIR [--json FILE] [--md FILE]');
  const clips = findClips(values.clips);
  if (clips.length === 0) throw new Error(`no labelled clips under ${values.clips}`);
  console.log(`evaluating ${clips.length} clips (Lite tier: bundled models, template explanations)`);
  const results = await evaluate(clips, (line) => console.log(`  ${line}`));
  const summary = summarise(results);
  const table = markdown(summary);
  console.log(`\n${table}\n`);
  writeFileSync(values.json as string, `${JSON.stringify({ summary, results }, null, 2)}\n`);
  if (values.md) writeFileSync(values.md, `${table}\n`);
  console.log(`wrote ${values.json}${values.md ? ` and ${values.md}` : ''}`);
}
