/**
 * Camera and microphone: asks for both, falls back to whichever one is
 * available, and turns every failure (denied, missing, busy, unplugged
 * mid-session) into a plain sentence with a Retry.
 */
import { describeMediaError, type MediaKind, type MediaProblem } from '../core/media-errors.ts';

export type MediaState = 'idle' | 'requesting' | 'live' | 'failed';

const CONSTRAINTS: Record<MediaKind, MediaStreamConstraints> = {
  camera: { video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' } },
  microphone: { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 } },
};

function errorName(e: unknown): string {
  return e instanceof DOMException || e instanceof Error ? e.name : 'unknown';
}

export class MediaSession {
  state: MediaState = $state('idle');
  stream: MediaStream | null = $state.raw(null);
  problems: MediaProblem[] = $state([]);
  hasCamera = $state(false);
  hasMicrophone = $state(false);

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
    const kind: MediaKind = track.kind === 'video' ? 'camera' : 'microphone';
    this.problems = [...this.problems.filter((p) => p.kind !== kind), describeMediaError(kind, 'ended')];
    if (kind === 'camera') this.hasCamera = false;
    else this.hasMicrophone = false;
    if (!this.hasCamera && !this.hasMicrophone) this.state = 'failed';
  }

  stop(): void {
    const stream = this.stream;
    this.stream = null;
    for (const track of stream?.getTracks() ?? []) track.stop();
    this.hasCamera = false;
    this.hasMicrophone = false;
    this.state = 'idle';
  }
}
