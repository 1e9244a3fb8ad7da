/**
 * The example clips a visitor can try without a camera (public/examples/, made by `npm run examples`):
 * their list and attribution, read from examples.json, and playing one through the same path as a
 * replayed clip, with what was mixed said beside it.
 */
import { appUrl } from '../platform/app-base.ts';
import type { AudioSession } from './audio.svelte.ts';
import type { MediaSession } from './media.svelte.ts';

export interface Example {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly face: string;
  readonly voice: string;
  /** Face and voice show the same emotion (else one was laid on the other). */
  readonly agree: boolean;
  /** What the clip is: as recorded, or what was mixed. */
  readonly mixed: string;
  /** The voice actor's neutral sentence (a 16 kHz WAV beside the clip), to calibrate the voice on first; null where there is none. */
  readonly everyday: string | null;
}

/** A WAV file's samples at 16 kHz mono (the voice worker's rate), decoded by the browser. */
async function samples16k(bytes: ArrayBuffer): Promise<Float32Array> {
  const probe = await new OfflineAudioContext(1, 1, 16_000).decodeAudioData(bytes.slice(0));
  return probe.getChannelData(0).slice();
}

export class ExamplesState {
  list: Example[] = $state.raw([]);
  attribution = $state('');
  error: string | null = $state(null);
  /** The example being fetched. */
  loading: string | null = $state(null);

  constructor(
    private readonly media: Pick<MediaSession, 'startFromFile'>,
    private readonly audio: Pick<AudioSession, 'calibrateOnStart'>,
  ) {}

  async load(): Promise<void> {
    try {
      const response = await fetch(appUrl('examples/examples.json'));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = (await response.json()) as { attribution: string; examples: Example[] };
      this.list = data.examples;
      this.attribution = data.attribution;
    } catch (e) {
      this.error = `The examples could not be listed (${e instanceof Error ? e.message : String(e)}).`;
    }
  }

  async play(example: Example): Promise<void> {
    this.loading = example.id;
    this.error = null;
    try {
      const response = await fetch(appUrl(`examples/${example.file}`));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      // Each example is a new speaker: the voice is read against the actor's everyday voice, where there is one.
      let everyday: Float32Array | null = null;
      if (example.everyday) {
        const sentence = await fetch(appUrl(`examples/${example.everyday}`));
        if (!sentence.ok) throw new Error(`HTTP ${sentence.status} for ${example.everyday}`);
        everyday = await samples16k(await sentence.arrayBuffer());
      }
      this.audio.calibrateOnStart(everyday);
      await this.media.startFromFile(await response.blob(), `Example: ${example.title}`, example.mixed);
    } catch (e) {
      this.audio.calibrateOnStart(null);
      this.error = `The example “${example.title}” could not be loaded (${e instanceof Error ? e.message : String(e)}).`;
    } finally {
      this.loading = null;
    }
  }
}
