/**
 * The audio worker: voice activity (Silero VAD) on 16 kHz chunks that the
 * capture worklet sends straight here, utterance segmentation, and — when an
 * utterance ends — its prosody cues (the evidence) and the Lite voice
 * model's reading (the distribution). A thin adapter: loading lives in
 * src/platform, the maths in src/core.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { describeProsody, prosodicArousal, SpeakerBaseline } from '../core/audio/acoustic.ts';
import { prosody } from '../core/audio/prosody.ts';
import { DropOldestQueue } from '../core/audio/chunk-queue.ts';
import { UtteranceSegmenter } from '../core/audio/segmenter.ts';
import { sileroStep, VoiceActivity } from '../core/audio/vad.ts';
import voiceMeta from '../core/audio/voice-model.json';
import {
  calibrateVoice,
  readVoice,
  VoiceBaseline,
  warmUpVoice,
  type VoiceModelMeta,
} from '../core/audio/voice-model.ts';
import { ortRunner, SessionHost, sessionHostApi } from '../platform/ort-session.ts';
import type { AudioEvent, AudioWorkerApi } from './protocol.ts';

const host = new SessionHost(() => ort);

/** 8 s of audio (512-sample chunks at 16 kHz) may wait; more than that, and the oldest is dropped. */
const MAX_WAITING_CHUNKS = 250;

/** The speaker reference of the stream that is running, and whether its next utterance is a calibration. */
let voice: VoiceBaseline | null = null;
let calibrating = false;

const api = {
  ...sessionHostApi(host),

  /** Listen on `port` for 512-sample chunks; report speech starts and analysed utterances. */
  async startStream(
    port: MessagePort,
    onEvent: (e: AudioEvent) => void,
    vadId = 'silero-vad-v5',
    voiceId = 'voice-emotion-lite',
  ) {
    const vad = new VoiceActivity(sileroStep(ort, host.get(vadId)));
    const voiceModel = ortRunner(ort, host.get(voiceId));
    // Chunks that arrive meanwhile wait in the port: it starts delivering when onmessage is set below.
    await warmUpVoice(voiceModel, voiceMeta as VoiceModelMeta);
    const segmenter = new UtteranceSegmenter();
    const speaker = new SpeakerBaseline();
    const baseline = new VoiceBaseline(voiceMeta as VoiceModelMeta);
    voice = baseline;
    calibrating = false;
    // Chunks wait here while one is analysed; on a machine too busy to keep up, the oldest go (counted).
    const queue = new DropOldestQueue<Float32Array>(MAX_WAITING_CHUNKS);
    let reportedDrops = 0;
    let pumping = false;
    const analyse = async (chunk: Float32Array) => {
      const p = await vad.next(chunk);
      for (const event of segmenter.push(chunk, p)) {
        if (event.type === 'start') {
          onEvent({ type: 'speech-start', atMs: event.atMs });
          continue;
        }
        const t = performance.now();
        const decidedAtEpochMs = performance.timeOrigin + t;
        const u = event.utterance;
        if (calibrating) {
          calibrating = false;
          const done = calibrateVoice(u.samples, baseline);
          onEvent({ type: 'calibration', ...done });
          if (done.ok) continue;
        }
        const pr = prosody(u.samples);
        speaker.add(pr);
        const ref = speaker.reference();
        const tv = performance.now();
        const reading = await readVoice(u.samples, baseline, voiceModel, voiceMeta as VoiceModelMeta);
        const voiceMs = performance.now() - tv;
        const read = reading.kind === 'read';
        // The samples are transferred, not copied: the page hands each consumer its own copy.
        const utterance: AudioEvent = {
          type: 'utterance',
          startMs: u.startMs,
          endMs: u.endMs,
          distribution: read ? reading.distribution : [],
          reliability: read ? u.speechProbability * reading.certainty : 0,
          speechProbability: u.speechProbability,
          abstained: read ? null : reading.message,
          notes: read ? reading.notes : [],
          cues: describeProsody(pr, ref),
          prosody: pr,
          arousal: prosodicArousal(pr, ref),
          split: u.split,
          voiceMs,
          analysisMs: performance.now() - t,
          decidedAtEpochMs,
          samples: u.samples,
        };
        onEvent(Comlink.transfer(utterance, [u.samples.buffer]));
      }
    };
    const pump = async () => {
      pumping = true;
      try {
        for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
          if (queue.dropped > reportedDrops) {
            reportedDrops = queue.dropped;
            onEvent({ type: 'dropped', chunks: reportedDrops });
          }
          await analyse(chunk);
        }
      } catch (err: unknown) {
        onEvent({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      } finally {
        pumping = false;
      }
    };
    port.onmessage = (e: MessageEvent<Float32Array>) => {
      queue.push(e.data);
      if (!pumping) void pump();
    };
  },

  calibrateNext() {
    calibrating = voice !== null;
  },

  cancelCalibration() {
    calibrating = false;
  },

  calibrateWith(samples: Float32Array) {
    if (!voice) return { ok: false, message: 'the voice analysis is not running' };
    return calibrateVoice(samples, voice);
  },

  resetCalibration() {
    voice?.resetCalibration();
  },
} satisfies AudioWorkerApi;

Comlink.expose(api);
