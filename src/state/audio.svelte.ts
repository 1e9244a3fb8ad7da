/**
 * Live voice: an AudioWorklet captures the microphone and sends 16 kHz
 * chunks straight to the audio worker (MessageChannel), which reports speech
 * starts and analysed utterances. Keeps the level meter, the speaking state,
 * the utterances, and a plain message when the microphone is silent.
 */
import * as Comlink from 'comlink';
import { orNull } from '../core/deadline.ts';
import captureUrl from '../workers/capture.worklet.ts?worker&url';
import type { AudioEvent, AudioWorkerApi } from '../workers/protocol.ts';
import type { WorkerLink } from './worker-handle.ts';

export type Utterance = Omit<Extract<AudioEvent, { type: 'utterance' }>, 'samples' | 'decidedAtEpochMs'> & {
  /** Page time (performance.now) of the utterance's start and end. */
  readonly startAt: number;
  readonly endAt: number;
  /** Page time when the worker's voice detector decided the utterance had ended (the clock of utterance-end timings). */
  readonly decidedAt: number;
};

const SILENT_DB = -80;
const SILENT_AFTER_MS = 4000;
/** How long a calibration waits for the sentence. */
export const CALIBRATION_WAIT_MS = 10_000;
/**
 * How long the audio context may take to start. A browser with no sound output device (or one that keeps
 * sound off for the page) never starts it: the page says so instead of waiting.
 */
export const AUDIO_START_MS = 5000;

/** The optional voice calibration: "say a sentence in your everyday voice". */
export interface VoiceCalibration {
  readonly state: 'idle' | 'listening' | 'done' | 'refused';
  readonly message: string | null;
}

export class AudioSession {
  level = $state(-100);
  clipping = $state(false);
  speaking = $state(false);
  /** 32 ms chunks the audio worker dropped because it fell behind (0 on a machine that keeps up). */
  droppedChunks = $state(0);
  silent = $state(false);
  utterances: Utterance[] = $state.raw([]);
  /** Capture is connected and running: sound from now on is analysed. */
  listening = $state(false);
  error: string | null = $state(null);
  calibration: VoiceCalibration = $state({ state: 'idle', message: null });
  /** The speaker's reference comes from a calibration sentence (until reset or Stop). */
  calibrated = $state(false);

  #worker: WorkerLink<AudioWorkerApi> | null = null;
  #calibrationTimer: ReturnType<typeof setTimeout> | null = null;
  /** A sentence in the speaker's everyday voice to calibrate on as the next stream starts (an example's actor). */
  #calibrateOnStart: Float32Array | null = null;

  #context: AudioContext | null = null;
  /** The context with the capture worklet loaded, made ahead of Start (loading it takes ~1 s on a busy machine). */
  #prepared: Promise<AudioContext> | null = null;
  #generation = 0;
  #quietSince = 0;
  /** Level reports from the capture worklet since the stream started: sound is reaching the page. */
  #reports = 0;
  #onUtterance: ((u: Utterance, samples: Float32Array) => void) | null = null;

  /** Called for every analysed utterance, with its 16 kHz samples (the app builds an analysis window from it). */
  set onUtterance(handler: ((u: Utterance, samples: Float32Array) => void) | null) {
    this.#onUtterance = handler;
  }

  /**
   * Creates the audio context (suspended until Start, a user gesture) and loads the capture worklet,
   * so that Start only connects and resumes: a sentence spoken right after Start is not lost.
   */
  prepare(): Promise<AudioContext> {
    this.#prepared ??= (async () => {
      const context = new AudioContext({ latencyHint: 'interactive' });
      await context.audioWorklet.addModule(captureUrl);
      return context;
    })().catch((e: unknown) => {
      this.#prepared = null; // the next start tries again
      throw e;
    });
    return this.#prepared;
  }

  async start(stream: MediaStream, worker: WorkerLink<AudioWorkerApi>): Promise<void> {
    const generation = ++this.#generation;
    this.error = null;
    this.#worker = worker;
    try {
      const context = await this.prepare();
      this.#prepared = null; // this context is now in use; a later start prepares a new one
      this.#context = context;
      if (generation !== this.#generation) return void context.close();
      const node = new AudioWorkletNode(context, 'attend-first-capture', { numberOfInputs: 1, numberOfOutputs: 1 });
      const mute = context.createGain();
      mute.gain.value = 0;
      context.createMediaStreamSource(stream).connect(node).connect(mute).connect(context.destination);
      const channel = new MessageChannel();
      node.port.postMessage({ type: 'connect', port: channel.port1 }, [channel.port1]);
      // Stream time 0 is the context's time 0: map it to the page clock.
      const t0 = performance.now() - context.currentTime * 1000;
      this.#quietSince = performance.now();
      this.#reports = 0;
      node.port.onmessage = (e: MessageEvent<{ type: 'level'; db: number; clipping: boolean }>) => {
        this.#reports++;
        this.level = e.data.db;
        this.clipping = e.data.clipping;
        const now = performance.now();
        if (e.data.db > SILENT_DB) this.#quietSince = now;
        this.silent = now - this.#quietSince > SILENT_AFTER_MS;
      };
      const onEvent = Comlink.proxy((event: AudioEvent) => {
        if (generation !== this.#generation) return;
        if (event.type === 'speech-start') this.speaking = true;
        else if (event.type === 'error') this.error = `Voice analysis stopped: ${event.message}`;
        else if (event.type === 'dropped') this.droppedChunks = event.chunks;
        else if (event.type === 'calibration') this.#calibrationHeard(event.ok, event.message);
        else {
          this.speaking = false;
          const { samples, decidedAtEpochMs, ...rest } = event;
          const u: Utterance = {
            ...rest,
            startAt: t0 + event.startMs,
            endAt: t0 + event.endMs,
            decidedAt: decidedAtEpochMs - performance.timeOrigin,
          };
          this.utterances = [...this.utterances.slice(-49), u];
          this.#onUtterance?.(u, samples);
        }
      });
      await worker.call((api) => api.startStream(Comlink.transfer(channel.port2, [channel.port2]), onEvent));
      // Before listening: a clip waits for it, so its sentence is read against the calibration.
      const everyday = this.#calibrateOnStart;
      this.#calibrateOnStart = null;
      if (everyday) {
        const done = await worker.call((api) => api.calibrateWith(Comlink.transfer(everyday, [everyday.buffer])));
        if (generation !== this.#generation) return;
        this.calibrated = done.ok;
        this.calibration = done.ok
          ? {
              state: 'done',
              message: "Calibrated on the actor's neutral sentence: the voice is read against their everyday voice.",
            }
          : { state: 'refused', message: `Calibration refused: ${done.message}.` };
      }
      const started = await orNull(
        context.resume().then(() => true),
        AUDIO_START_MS,
      );
      if (generation !== this.#generation) return;
      if (started === null && context.state !== 'running') {
        this.error =
          `Voice analysis could not start: this browser did not start its audio within ${AUDIO_START_MS / 1000} s ` +
          '(no sound output device, or sound turned off for this page). The face is still read.';
        // Should the audio start later (a device plugged in, sound allowed), listening begins then.
        context.addEventListener('statechange', () => {
          if (generation !== this.#generation || context.state !== 'running') return;
          this.error = null;
          this.listening = true;
        });
        return;
      }
      this.listening = true;
    } catch (e) {
      this.error = `Voice analysis could not start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** The next stream (an example's) starts calibrated on this sentence, or uncalibrated (null). */
  calibrateOnStart(samples: Float32Array | null): void {
    this.#calibrateOnStart = samples;
  }

  /** The next sentence is the speaker's everyday voice: it becomes the reference the voice is read against. */
  calibrate(): void {
    const worker = this.#worker;
    if (!worker || !this.listening) return;
    this.#clearCalibrationTimer();
    this.calibration = { state: 'listening', message: 'Say a sentence in your everyday voice…' };
    void worker.call((api) => api.calibrateNext());
    this.#calibrationTimer = setTimeout(() => {
      this.#calibrationTimer = null;
      void worker.call((api) => api.cancelCalibration());
      this.calibration = {
        state: 'refused',
        message: `No speech heard in ${CALIBRATION_WAIT_MS / 1000} s: nothing was calibrated. Try again, and say a sentence.`,
      };
    }, CALIBRATION_WAIT_MS);
  }

  resetCalibration(): void {
    this.#clearCalibrationTimer();
    void this.#worker?.call((api) => api.cancelCalibration());
    void this.#worker?.call((api) => api.resetCalibration());
    this.calibrated = false;
    this.calibration = { state: 'idle', message: null };
  }

  #calibrationHeard(ok: boolean, message: string): void {
    this.#clearCalibrationTimer();
    if (ok) this.calibrated = true;
    this.calibration = ok
      ? {
          state: 'done',
          message: `Calibrated (${message}): the voice is read against your everyday voice for this session.`,
        }
      : { state: 'refused', message: `Calibration refused: ${message}. Try again.` };
  }

  #clearCalibrationTimer(): void {
    if (this.#calibrationTimer !== null) clearTimeout(this.#calibrationTimer);
    this.#calibrationTimer = null;
  }

  /** How many level reports the capture has sent since its stream started (sound reaching the page). */
  get reports(): number {
    return this.#reports;
  }

  stop(): void {
    this.#generation++;
    this.listening = false;
    this.#clearCalibrationTimer();
    this.calibrated = false;
    this.calibration = { state: 'idle', message: null };
    void this.#context?.close();
    this.#context = null;
    this.level = -100;
    this.speaking = false;
    this.silent = false;
  }
}
