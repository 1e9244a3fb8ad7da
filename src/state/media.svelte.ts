/**
 * Camera and microphone: asks for both, falls back to whichever one is
 * available, and turns every failure (denied, missing, busy, unplugged
 * mid-session) into a plain sentence with a Retry.
 */
import {
  CLIP_LOAD_MS,
  CLIP_STALL_MS,
  clipProblem,
  clipStall,
  type ClipDelivery,
  describeMediaError,
  type MediaKind,
  type MediaProblem,
} from '../core/media-errors.ts';
import { orNull } from '../core/deadline.ts';

export type MediaState = 'idle' | 'requesting' | 'live' | 'failed';

const CONSTRAINTS: Record<MediaKind, MediaStreamConstraints> = {
  camera: { video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' } },
  microphone: { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 } },
};

function errorName(e: unknown): string {
  return e instanceof DOMException || e instanceof Error ? e.name : 'unknown';
}

/** `p`, or a rejection with `message` once `ms` have passed. */
async function inTime<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  const value = await orNull(
    p.then((v) => ({ v })),
    ms,
  );
  if (value === null) throw new Error(message);
  return value.v;
}

export class MediaSession {
  state: MediaState = $state('idle');
  stream: MediaStream | null = $state.raw(null);
  problems: MediaProblem[] = $state([]);
  hasCamera = $state(false);
  hasMicrophone = $state(false);
  /** Set while a recorded clip replays instead of the camera and microphone. */
  clip: {
    readonly name: string;
    readonly file: Blob;
    readonly note: string | null;
    playing: boolean;
    ended: boolean;
    /** Held after a window, replaying step by step (Next resumes). */
    paused: boolean;
    /** Where the clip is, and how long it is, in seconds. */
    time: number;
    duration: number;
  } | null = $state(null);
  #clipElement: HTMLVideoElement | null = null;

  /**
   * Replays a recorded clip through the same analysis as the camera and microphone: the clip plays in
   * a video element (heard on this device) whose captured picture and sound become the live stream.
   * The file is read here and never leaves the device.
   */
  async startFromFile(file: Blob, name: string, note: string | null = null): Promise<void> {
    this.stop();
    this.state = 'requesting';
    this.problems = [];
    const element = document.createElement('video');
    element.playsInline = true;
    element.src = URL.createObjectURL(file);
    this.#clipElement = element;
    try {
      // Loaded but held at its start: playClip() starts it once the analysis is listening, so the
      // first words and frames of a short clip are not lost to start-up.
      await inTime(
        new Promise<void>((resolve, reject) => {
          element.addEventListener('loadeddata', () => resolve(), { once: true });
          element.addEventListener('error', () => reject(new Error(element.error?.message || 'unreadable video')), {
            once: true,
          });
          element.load();
        }),
        CLIP_LOAD_MS,
        `it did not load within ${CLIP_LOAD_MS / 1000} s`,
      );
      const stream = (element as HTMLVideoElement & { captureStream(): MediaStream }).captureStream();
      if (stream.getTracks().length === 0) {
        await inTime(
          new Promise((resolve) => stream.addEventListener('addtrack', resolve, { once: true })),
          CLIP_LOAD_MS,
          'it has no picture or sound this browser can play',
        );
      }
      this.clip = {
        name,
        file,
        note,
        playing: false,
        ended: false,
        paused: false,
        time: 0,
        duration: Number.isFinite(element.duration) ? element.duration : 0,
      };
      element.addEventListener('ended', () => {
        if (this.clip) this.clip.ended = true;
      });
      element.addEventListener('timeupdate', () => {
        if (this.clip && this.#clipElement === element) this.clip.time = element.currentTime;
      });
      this.#adopt(stream);
    } catch (e) {
      this.#dropClip();
      this.problems = [clipProblem(name, e instanceof Error ? e.message : '')];
      this.state = 'failed';
    }
  }

  /**
   * A playing clip whose stream delivers nothing (`reason` says what): stopped, with the same message and
   * recovery as a clip that never loads.
   */
  failClip(reason: string): void {
    const name = this.clip?.name;
    if (name === undefined) return;
    this.stop();
    this.problems = [clipProblem(name, reason)];
    this.state = 'failed';
  }

  /**
   * Starts the loaded clip (called when the face and voice analysis are ready for it, or have failed and
   * said so). `delivered` tells what its stream has brought to the analysis since: if that is not all it
   * should be after CLIP_STALL_MS, the clip fails with a message, as one that never loads does.
   */
  async playClip(delivered: () => ClipDelivery = () => ({ picture: null, sound: null })): Promise<void> {
    const element = this.#clipElement;
    const clip = this.clip;
    if (!element || !clip || clip.playing) return;
    clip.playing = true;
    try {
      await element.play();
    } catch (e) {
      this.problems = [
        {
          kind: 'camera',
          message: `The clip could not be played${e instanceof Error && e.message ? ` (${e.message})` : ''}.`,
          action: 'Press Play again, or start the camera and microphone.',
          retryable: false,
        },
      ];
      clip.ended = true;
      return;
    }
    setTimeout(() => {
      if (this.clip !== clip) return;
      const stall = clipStall(delivered());
      if (stall) this.failClip(stall);
    }, CLIP_STALL_MS);
  }

  /** Holds the playing clip where it is (replaying step by step); false when there is nothing to hold. */
  pauseClip(): boolean {
    const element = this.#clipElement;
    if (!element || !this.clip?.playing || this.clip.ended || this.clip.paused) return false;
    element.pause();
    this.clip.paused = true;
    return true;
  }

  /** Goes on from where the clip was held. */
  async resumeClip(): Promise<void> {
    const element = this.#clipElement;
    if (!element || !this.clip?.paused) return;
    this.clip.paused = false;
    await element.play().catch(() => undefined);
  }

  /** Plays the clip again from the start (a fresh stream: the finished one's tracks have ended). */
  replay(): Promise<void> {
    const clip = this.clip;
    return clip ? this.startFromFile(clip.file, clip.name, clip.note) : Promise.resolve();
  }

  #dropClip(): void {
    const element = this.#clipElement;
    this.#clipElement = null;
    this.clip = null;
    if (!element) return;
    element.pause();
    URL.revokeObjectURL(element.src);
    element.removeAttribute('src');
  }

  async start(): Promise<void> {
    this.stop();
    this.state = 'requesting';
    this.problems = [];
    if (!globalThis.navigator?.mediaDevices?.getUserMedia) {
      this.problems = [describeMediaError('camera', 'unsupported'), describeMediaError('microphone', 'unsupported')];
      this.state = 'failed';
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ ...CONSTRAINTS.camera, ...CONSTRAINTS.microphone });
    } catch {
      // Ask for each device alone, so one missing or blocked device leaves the other usable.
      stream = new MediaStream();
      const problems: MediaProblem[] = [];
      for (const kind of ['camera', 'microphone'] as const) {
        try {
          const single = await navigator.mediaDevices.getUserMedia(CONSTRAINTS[kind]);
          for (const track of single.getTracks()) stream.addTrack(track);
        } catch (e) {
          problems.push(describeMediaError(kind, errorName(e)));
        }
      }
      this.problems = problems;
    }
    this.#adopt(stream);
  }

  #adopt(stream: MediaStream): void {
    this.hasCamera = stream.getVideoTracks().length > 0;
    this.hasMicrophone = stream.getAudioTracks().length > 0;
    for (const track of stream.getTracks()) {
      track.addEventListener('ended', () => this.#ended(track));
    }
    this.stream = stream;
    this.state = this.hasCamera || this.hasMicrophone ? 'live' : 'failed';
  }

  #ended(track: MediaStreamTrack): void {
    if (this.stream === null) return;
    if (this.clip) {
      // The clip finished: its last readings stay on screen; nothing was unplugged.
      this.clip.ended = true;
      return;
    }
    const kind: MediaKind = track.kind === 'video' ? 'camera' : 'microphone';
    this.problems = [...this.problems.filter((p) => p.kind !== kind), describeMediaError(kind, 'ended')];
    if (kind === 'camera') this.hasCamera = false;
    else this.hasMicrophone = false;
    if (!this.hasCamera && !this.hasMicrophone) this.state = 'failed';
  }

  stop(): void {
    this.#dropClip();
    const stream = this.stream;
    this.stream = null;
    for (const track of stream?.getTracks() ?? []) track.stop();
    this.hasCamera = false;
    this.hasMicrophone = false;
    this.state = 'idle';
  }
}
