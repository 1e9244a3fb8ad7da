/**
 * The audio worker: voice activity (Silero VAD) on 16 kHz chunks that the
 * capture worklet sends straight here, utterance segmentation, and — when an
 * utterance ends — prosody and the Lite acoustic distribution. A thin
 * adapter: loading lives in src/platform, the maths in src/core.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { classify, describeProsody, features, SpeakerBaseline } from '../core/audio/acoustic.ts';
import { prosody, type Prosody } from '../core/audio/prosody.ts';
import { UtteranceSegmenter } from '../core/audio/segmenter.ts';
import { sileroStep, VoiceActivity } from '../core/audio/vad.ts';
import type { Distribution } from '../core/labels.ts';
import { SessionHost, sessionHostApi } from '../platform/ort-session.ts';

const host = new SessionHost(ort);

export type AudioEvent =
  | { readonly type: 'speech-start'; readonly atMs: number }
  | {
      readonly type: 'utterance';
      readonly startMs: number;
      readonly endMs: number;
      readonly distribution: Distribution;
      /** Mean speech probability: the voice's reliability for fusion. */
      readonly reliability: number;
      readonly cues: string[];
      readonly prosody: Prosody;
      readonly split: boolean;
      /** From the end of the utterance's last chunk to this distribution. */
      readonly analysisMs: number;
      /** The utterance's 16 kHz samples (for speech-to-text); the page drops them once used. */
      readonly samples: Float32Array;
    }
  | { readonly type: 'error'; readonly message: string };

const api = {
  ...sessionHostApi(host),

  /** Listen on `port` for 512-sample chunks; report speech starts and analysed utterances. */
  startStream(port: MessagePort, onEvent: (e: AudioEvent) => void, vadId = 'silero-vad-v5'): void {
    const vad = new VoiceActivity(sileroStep(ort, host.get(vadId)));
    const segmenter = new UtteranceSegmenter();
    const speaker = new SpeakerBaseline();
    let queue = Promise.resolve();
    port.onmessage = (e: MessageEvent<Float32Array>) => {
      const chunk = e.data;
      queue = queue
        .then(async () => {
          const p = await vad.next(chunk);
          for (const event of segmenter.push(chunk, p)) {
            if (event.type === 'start') {
              onEvent({ type: 'speech-start', atMs: event.atMs });
              continue;
            }
            const t = performance.now();
            const u = event.utterance;
            const pr = prosody(u.samples);
            speaker.add(pr);
            const ref = speaker.reference();
            onEvent({
              type: 'utterance',
              startMs: u.startMs,
              endMs: u.endMs,
              distribution: pr.f0Median === null ? [] : classify(features(pr, ref)),
              reliability: pr.f0Median === null ? 0 : u.speechProbability,
              cues: describeProsody(pr, ref),
              prosody: pr,
              split: u.split,
              analysisMs: performance.now() - t,
              samples: u.samples,
            });
          }
        })
        .catch((err: unknown) => onEvent({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
    };
  },
};

export type AudioWorkerApi = typeof api;
Comlink.expose(api);
