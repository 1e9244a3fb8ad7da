/**
 * The live session: the one object that links the parts (session-parts.ts, given to its constructor).
 * Read top-down: an utterance's end (`utterance`: the face's first reading awaited, the Standard words
 * and voice awaited a little, then the analysis window); the face-only sliding windows while nobody
 * speaks; the tier cascade; then `connect`, whose effects are grouped by what they drive (#linkHubParts,
 * #runVision, #runAudio, #runClip, #runWindows); `dispose`. The saved files are session-files.ts.
 */
import { orNull } from '../core/deadline.ts';
import type { ClipDelivery } from '../core/media-errors.ts';
import { judgeWithFallback } from '../core/mi/verifier.ts';
import { SLIDING_AFTER_SPEECH_MS, SLIDING_WINDOW_MS } from './analysis.svelte.ts';
import type { Utterance } from './audio.svelte.ts';
import { SessionFiles } from './session-files.ts';
import type { SessionParts } from './session-parts.ts';
import { WORDS_TIMEOUT_MS } from './speech.svelte.ts';
import type { Tier } from './tier.svelte.ts';

/** How long an utterance's window waits for the face's first reading (a sentence right after Start). */
export const FIRST_FACE_WAIT_MS = 3000;
/** How often the sliding-window timer looks. */
const SLIDING_TICK_MS = 500;

export class LiveSession {
  /** The <video> the camera plays in (bound by the camera view). */
  video: HTMLVideoElement | undefined = $state();
  /** Bumped by the face card's Retry: face analysis starts again. */
  visionAttempt = $state(0);
  /**
   * Set while the tab is hidden: the browser stops the camera's frames, so no window is made (the face
   * would quietly drop out of it); the page says so, and windows resume when the tab is shown again.
   */
  paused = $state(false);
  /** Utterances heard while paused, left without a window (said on the page). */
  skippedWhilePaused = $state(0);
  /** The last pause, said on the page after it until the next window is made. */
  lastPause: { seconds: number; skipped: number } | null = $state(null);
  #pausedAt = 0;
  /** Replaying step by step: a replayed clip is held each time a window has been explained (Next goes on). */
  pauseAtWindows = $state(false);

  /** The session saved as a file on this device: JSON, CSV or the timeline as PNG. */
  readonly files: SessionFiles;

  #lastSpeechAt: number;
  #lastSlidingAt = 0;
  #disposeEffects: (() => void) | null = null;

  constructor(
    readonly parts: SessionParts,
    readonly now: () => number = () => performance.now(),
  ) {
    this.#lastSpeechAt = now();
    this.files = new SessionFiles(parts);
    parts.audio.onUtterance = (u, samples) => void this.utterance(u, samples);
    parts.analysis.faceImage = () => parts.vision.lastCrop;
  }

  /** What a clip's stream delivers to the analysis from now on: fresh frames read, sound reaching the capture. */
  #delivery(): () => ClipDelivery {
    const { media, vision, audio } = this.parts;
    const frames = vision.framesRead;
    const reports = audio.reports;
    return () => ({
      picture: media.hasCamera && vision.ready ? vision.framesRead > frames : null,
      sound: media.hasMicrophone && audio.listening ? audio.reports > reports : null,
    });
  }

  /**
   * An utterance ended: its window waits for the face's first reading (briefly) and for the Standard words
   * and voice (at most WORDS_TIMEOUT_MS; the Lite voice reading stands without them), then is analysed.
   */
  async utterance(u: Utterance, samples: Float32Array): Promise<void> {
    const { media, vision, speech, hubVoice, analysis } = this.parts;
    this.#lastSpeechAt = this.now();
    if (this.paused) {
      this.skippedWhilePaused++;
      return;
    }
    if (media.hasCamera && vision.result === null) await vision.firstReading(FIRST_FACE_WAIT_MS);
    this.lastPause = null;
    // Each hub worker takes a copy of its own, transferred; the window keeps these for an explainer that hears.
    const [words, voice] = await Promise.all([
      speech.ready ? orNull(speech.hear(samples.slice()), WORDS_TIMEOUT_MS) : null,
      hubVoice.ready ? orNull(hubVoice.read(samples.slice()), WORDS_TIMEOUT_MS) : null,
    ]);
    const heard = voice
      ? {
          ...u,
          distribution: voice.distribution,
          reliability: u.speechProbability * voice.certainty,
          notes: ['read by the Standard voice model'],
        }
      : u;
    await analysis.addUtterance(heard, media.hasCamera ? vision.pool : null, words, samples);
  }

  /**
   * While nobody speaks (SLIDING_AFTER_SPEECH_MS after the last speech), a face-only window every
   * SLIDING_WINDOW_MS. True when one was started.
   */
  slidingTick(now = this.now()): boolean {
    const { media, audio, vision, analysis } = this.parts;
    if (media.state !== 'live' || !media.hasCamera || this.paused || media.clip?.paused) return false;
    if (audio.speaking) this.#lastSpeechAt = now;
    if (now - this.#lastSpeechAt < SLIDING_AFTER_SPEECH_MS || now - this.#lastSlidingAt < SLIDING_WINDOW_MS)
      return false;
    this.#lastSlidingAt = now;
    this.lastPause = null;
    void analysis.addSliding(now, vision.pool);
    return true;
  }

  /**
   * The tab was hidden or shown again. Hidden: windows pause. Shown: they resume, the sliding windows
   * only after a fresh stretch of face (as after speech), so none pools the time the camera was stopped.
   */
  setHidden(hidden: boolean, now = this.now()): void {
    if (hidden === this.paused) return;
    this.paused = hidden;
    if (hidden) {
      this.skippedWhilePaused = 0;
      this.#pausedAt = now;
      this.lastPause = null;
    } else {
      this.#lastSpeechAt = now;
      this.lastPause = { seconds: Math.round((now - this.#pausedAt) / 1000), skipped: this.skippedWhilePaused };
    }
  }

  /** The tier menu: Standard and Omni load their hub parts; Lite drops them. */
  chooseTier(tier: Tier): void {
    const { probe, tiers, standardFace, speech, hubVoice, explainer, storage } = this.parts;
    // Before a large download, the browser is asked to keep this origin's storage.
    if (tier !== 'lite') void storage.beforeDownload();
    tiers.choose(tier);
    if (tier !== 'lite' && probe.caps) {
      void standardFace.load(probe.caps);
      void speech.load(probe.caps);
      void hubVoice.load(probe.caps);
      void explainer.load(probe.caps, tier);
    }
    if (tier === 'lite') {
      standardFace.unload();
      speech.unload();
      hubVoice.unload();
      explainer.unload();
    }
  }

  async loadModels(): Promise<void> {
    const caps = this.parts.probe.caps ?? (await this.parts.probe.run());
    if (caps) await this.parts.models.load(caps);
  }

  /** Retry for one hub part: its load again, with what it was asked for. */
  retry(part: 'standard' | 'speech' | 'voice' | 'explainer'): void {
    const { probe, tiers, speech, hubVoice, explainer } = this.parts;
    if (part === 'standard') return this.chooseTier(tiers.wanted);
    if (!probe.caps) return;
    if (part === 'speech') void speech.load(probe.caps);
    else if (part === 'voice') void hubVoice.load(probe.caps);
    else void explainer.load(probe.caps, explainer.tier);
  }

  /**
   * Starts the page's session: the models load, and the links that follow the parts' state run as effects
   * (grouped below by what they drive) until dispose().
   */
  connect(): void {
    // First: the models take longest, and everything else can wait for them.
    void this.loadModels();
    this.#disposeEffects = $effect.root(() => {
      this.#linkHubParts();
      this.#runVision();
      this.#runAudio();
      this.#runClip();
      this.#runWindows();
    });
    // The capture worklet loads while the visitor reads the landing text.
    this.parts.audio.prepare().catch(() => undefined); // start() reports the failure, if it persists
  }

  /** The hub parts, once loaded, serve the analysis: the judge, the explainer, the Standard face classifier. */
  #linkHubParts(): void {
    const { standardFace, explainer, speech, hubVoice, vision, analysis, storage } = this.parts;
    $effect(() => {
      // The storage figures again whenever a hub part has finished downloading.
      void [standardFace.ready, speech.ready, hubVoice.ready, explainer.ready];
      void storage.refresh();
    });
    $effect(() => {
      // The verifier reads sentences with the text-emotion model once it is loaded, else with the lexicon.
      // A sentence the model has not read in 3 s (a busy or closing worker) is read by the lexicon: no hang.
      analysis.judge = speech.ready ? judgeWithFallback((sentence) => speech.judge(sentence)) : null;
    });
    $effect(() => {
      // The LLM writes the explanations once it is loaded; the template otherwise (and after a failure).
      analysis.explainer = explainer.ready ? explainer : null;
      vision.keepCrops = explainer.ready && explainer.seesImage;
    });
    $effect(() => {
      vision.standardClassifier = standardFace.ready ? (crop) => standardFace.classifyFace(crop) : null;
    });
  }

  /** The face: its pipeline built once its models load, run while the camera is live (again on Retry). */
  #runVision(): void {
    const { probe, models, media, vision } = this.parts;
    $effect(() => {
      // The vision pipeline is built as soon as its first models are loaded, before Start; the rest join it.
      const api = models.vision;
      if (api) void vision.prepare(api, models.state === 'ready');
    });
    $effect(() => {
      void this.visionAttempt;
      const api = models.vision;
      const video = this.video;
      if (!api || !media.hasCamera || !video) return;
      void vision.start(video, api);
      return () => vision.stop();
    });
    $effect(() => {
      // A replayed clip's frames, and every frame where the browser has no VideoFrame, go as bitmaps.
      vision.bitmaps = media.clip !== null || probe.caps?.features?.videoFrame === false;
    });
  }

  /** The voice: listening while the microphone is live; while someone speaks, the face's baseline holds. */
  #runAudio(): void {
    const { models, media, audio } = this.parts;
    $effect(() => {
      const api = models.audio;
      const stream = media.stream;
      if (!api || !stream || !media.hasMicrophone) return;
      void audio.start(stream, api);
      return () => audio.stop();
    });
    $effect(() => {
      // While someone speaks, the face's neutral baseline does not learn mouth cues.
      const speaking = audio.speaking;
      void models.vision?.call((api) => api.setSpeaking(speaking));
    });
  }

  /** A replayed clip: started once its analysis is ready, held after each window when replaying step by step. */
  #runClip(): void {
    const { media, vision, audio, analysis } = this.parts;
    $effect(() => {
      // The clip starts once the analysis of its picture and sound is ready for it, or has failed and said
      // so (an audio context that never starts must not hold the clip forever).
      const clip = media.clip;
      if (!clip || clip.playing) return;
      const face = !media.hasCamera || vision.ready || vision.state === 'error';
      const voice = !media.hasMicrophone || audio.listening || audio.error !== null;
      if (face && voice) void media.playClip(this.#delivery());
    });
    let explained = analysis.explained;
    $effect(() => {
      // Step by step: a window explained while a clip plays holds the clip there.
      const now = analysis.explained;
      if (now > explained && this.pauseAtWindows) media.pauseClip();
      explained = now;
    });
  }

  /** The windows: paused while the tab is hidden; face-only sliding windows on a timer while the camera is live. */
  #runWindows(): void {
    const { media } = this.parts;
    $effect(() => {
      const visibility = () => this.setHidden(document.visibilityState === 'hidden');
      visibility();
      document.addEventListener('visibilitychange', visibility);
      return () => document.removeEventListener('visibilitychange', visibility);
    });
    $effect(() => {
      if (media.state !== 'live' || !media.hasCamera) return;
      const timer = setInterval(() => this.slidingTick(), SLIDING_TICK_MS);
      return () => clearInterval(timer);
    });
  }

  dispose(): void {
    this.#disposeEffects?.();
    this.#disposeEffects = null;
    this.parts.audio.onUtterance = null;
    this.parts.analysis.stop();
    this.parts.media.stop();
    this.parts.models.dispose();
    this.parts.speech.unload();
    this.parts.hubVoice.unload();
    this.parts.explainer.unload();
  }
}
