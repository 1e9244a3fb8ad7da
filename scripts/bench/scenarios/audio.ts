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
  const sorted = [...a.analysisMs].sort((x, y) => x - y);
  const median = sorted[sorted.length >> 1] ?? 0;
  const voiceSorted = [...a.voiceMsPerS].sort((x, y) => x - y);
  const voiceMedian = voiceSorted[voiceSorted.length >> 1] ?? null;
  const voiceFirst = a.voiceMsPerS[0] ?? null;
  // The voice model alone, in its own worker: every utterance read 15 times, per-round figures side by side.
  const rounds = await page.evaluate((f) => bench.voiceModel(f, 15), files);
  const med = (pick: (r: (typeof rounds)[number]) => number) => {
    const v = rounds.map(pick).sort((x, y) => x - y);
    return v[v.length >> 1] ?? 0;
  };
  const report = {
    rtf: round(a.rtf, 4),
    utterance_to_distribution_ms: round(median, 1),
    utterance_to_distribution_ms_max: round(sorted.at(-1) ?? 0, 1),
    utterances_found: a.utterances,
    audio_seconds: round(a.seconds, 1),
    voice_model_ms_per_s: round(med((r) => r.reading), 2),
    voice_features_ms_per_s: round(med((r) => r.features), 2),
    voice_graph_ms_per_s: round(med((r) => r.graph), 3),
    voice_in_stream_ms_per_s: voiceMedian === null ? null : round(voiceMedian, 2),
    voice_in_stream_ms_per_s_first: voiceFirst === null ? null : round(voiceFirst, 2),
  };
  console.log(`  real-time factor ${a.rtf.toFixed(4)} over ${a.seconds.toFixed(1)} s · ${a.utterances}/12 utterances · utterance end → distribution: median ${median.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`);
  console.log(
    `  voice model, 12 utterances × 15 rounds in a worker, one WASM thread (median round): ${med((r) => r.reading).toFixed(2)} ms per second of audio (goal ≤ 2) = ` +
      `features ${med((r) => r.features).toFixed(2)} + graph ${med((r) => r.graph).toFixed(3)} (+ speaker reference)`,
  );
  console.log(
    `  in the stream above (the audio worker, while chunks arrive): median ${voiceMedian?.toFixed(2) ?? '–'} ms per second of audio; the first utterance ${voiceFirst?.toFixed(2) ?? '–'}\n`,
  );
    return report;
}
