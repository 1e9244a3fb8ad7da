/**
 * The page's state, made once: every part, and the live session that links them (session.svelte.ts).
 * App.svelte makes it and provides it to the components through the context (context.ts).
 */
import type { ModelManifest } from '../core/manifest.ts';
import { AnalysisSession } from './analysis.svelte.ts';
import { AudioSession } from './audio.svelte.ts';
import { CapabilityProbe } from './capabilities.svelte.ts';
import { ExamplesState } from './examples.svelte.ts';
import { ExplainerSession } from './explainer.svelte.ts';
import { MediaSession } from './media.svelte.ts';
import { ModelLoading } from './models.svelte.ts';
import { PresenterState } from './presenter.svelte.ts';
import { LiveSession } from './session.svelte.ts';
import { SpeechSession } from './speech.svelte.ts';
import { StandardFace } from './standard-face.svelte.ts';
import { StorageState } from './storage.svelte.ts';
import { TierChoice } from './tier.svelte.ts';
import { VisionSession } from './vision.svelte.ts';
import { HubVoice } from './voice-hub.svelte.ts';

export function createApp(manifest: ModelManifest) {
  const tiers = new TierChoice();
  const parts = {
    probe: new CapabilityProbe(),
    models: new ModelLoading(manifest),
    tiers,
    standardFace: new StandardFace(manifest, tiers),
    explainer: new ExplainerSession(manifest),
    speech: new SpeechSession(manifest),
    hubVoice: new HubVoice(manifest),
    media: new MediaSession(),
    vision: new VisionSession(),
    audio: new AudioSession(),
    storage: new StorageState(manifest),
    analysis: new AnalysisSession(),
  };
  return {
    ...parts,
    manifest,
    session: new LiveSession(parts),
    examples: new ExamplesState(parts.media, parts.audio),
    presenter: new PresenterState(),
  };
}

export type App = ReturnType<typeof createApp>;

/** The e2e build's fault hooks (`window.attendFirstFaults`): destroy the WebGPU device under a worker's models. */
export function faultHooks(app: App) {
  const hub = { standard: app.standardFace, speech: app.speech, voice: app.hubVoice };
  return {
    loseGpu: (worker: 'vision' | 'audio') => app.models.loseGpu(worker),
    loseHubGpu: (part: keyof typeof hub) => hub[part].loseGpu(),
  };
}
