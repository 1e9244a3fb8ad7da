/**
 * Voice: the app's audio path in stream on the fixture utterances (real-time factor, utterance end →
 * distribution), and the Lite voice reading alone in its own worker, per second of audio.
 */
import type { Bench } from '../../../e2e/harness/bench.ts';
import { round, type Page } from '../common.ts';

declare const bench: Bench;

export async function audioScenario(page: Page): Promise<Record<string, unknown>> {
  const files = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad'].flatMap((e) =>
    ['1001', '1002'].map((actor) => `/vendor/speech/${e}/cremad_${actor}_DFA_${e.slice(0, 3).toUpperCase()}_XX.wav`),
  );
  process.stdout.write('audio: 12 fixture utterances at 48 kHz through the capture resampler and the audio worker… ');
  const a = await page.evaluate((f) => bench.audio(f), files);
  console.log('done');
  const q = (v: readonly number[], p: number) =>
    [...v].sort((x, y) => x - y)[Math.min(v.length - 1, Math.floor(p * v.length))] ?? 0;
  const spread = (v: readonly number[]) => ({
    median: round(q(v, 0.5), 1),
    p95: round(q(v, 0.95), 1),
    max: round(Math.max(0, ...v), 1),
  });
  const toPage = spread(a.toPageMs);
  const inWorker = spread(a.analysisMs);
  const voiceMedian = a.voiceMsPerS.length ? q(a.voiceMsPerS, 0.5) : null;
  const voiceFirst = a.voiceMsPerS[0] ?? null;
  // The voice model alone, in its own worker: every utterance read 15 times, per-round figures side by side.
  const rounds = await page.evaluate((f) => bench.voiceModel(f, 15), files);
  const med = (pick: (r: (typeof rounds)[number]) => number) => {
    const v = rounds.map(pick).sort((x, y) => x - y);
    return v[v.length >> 1] ?? 0;
  };
  const report = {
    rtf: round(a.rtf, 4),
    /** The voice detector's decision (worker) → the distribution in the page. */
    segment_end_to_page_ms: toPage,
    /** The worker's share of it: prosody and the voice reading. */
    segment_end_to_distribution_in_worker_ms: inWorker,
    utterances_found: a.utterances,
    audio_seconds: round(a.seconds, 1),
    voice_model_ms_per_s: round(
      med((r) => r.reading),
      2,
    ),
    voice_features_ms_per_s: round(
      med((r) => r.features),
      2,
    ),
    voice_graph_ms_per_s: round(
      med((r) => r.graph),
      3,
    ),
    voice_in_stream_ms_per_s: voiceMedian === null ? null : round(voiceMedian, 2),
    /** The first utterance of the stream (read just after the worker's warm-up), not the slowest. */
    voice_in_stream_ms_per_s_first_utterance: voiceFirst === null ? null : round(voiceFirst, 2),
  };
  console.log(`  real-time factor ${a.rtf.toFixed(4)} over ${a.seconds.toFixed(1)} s · ${a.utterances}/12 utterances`);
  console.log(
    `  voice detector's decision (worker) → distribution in the page: median ${toPage.median} ms, p95 ${toPage.p95} ms, max ${toPage.max} ms`,
  );
  console.log(
    `    of which in the worker (prosody + voice reading): median ${inWorker.median} ms, p95 ${inWorker.p95} ms, max ${inWorker.max} ms`,
  );
  console.log(
    `  voice model, 12 utterances × 15 rounds in a worker, one WASM thread (median round): ${med((r) => r.reading).toFixed(2)} ms per second of audio (goal ≤ 2) = ` +
      `features ${med((r) => r.features).toFixed(2)} + graph ${med((r) => r.graph).toFixed(3)} (+ speaker reference)`,
  );
  console.log(
    `  in the stream above (the audio worker, while chunks arrive): median ${voiceMedian?.toFixed(2) ?? '–'} ms per second of audio; the stream's first utterance ${voiceFirst?.toFixed(2) ?? '–'}\n`,
  );
  return report;
}
