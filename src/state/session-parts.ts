/**
 * The parts the live session links (session.svelte.ts), each typed by what the session uses of it, so
 * that the orchestration runs in Node tests with fakes (session.test.ts).
 */
import type { AnalysisSession } from './analysis.svelte.ts';
import type { AudioSession } from './audio.svelte.ts';
import type { CapabilityProbe } from './capabilities.svelte.ts';
import type { ExplainerSession, LlmExplainer } from './explainer.svelte.ts';
import type { MediaSession } from './media.svelte.ts';
import type { ModelLoading } from './models.svelte.ts';
import type { SpeechSession } from './speech.svelte.ts';
import type { StandardFace } from './standard-face.svelte.ts';
import type { StorageState } from './storage.svelte.ts';
import type { TierChoice } from './tier.svelte.ts';
import type { VisionSession } from './vision.svelte.ts';
import type { HubVoice } from './voice-hub.svelte.ts';

export interface SessionParts {
  readonly probe: Pick<CapabilityProbe, 'caps' | 'run'>;
  readonly models: Pick<ModelLoading, 'state' | 'load' | 'vision' | 'audio' | 'sessions' | 'dispose'>;
  readonly tiers: Pick<TierChoice, 'tier' | 'wanted' | 'choose'>;
  readonly standardFace: Pick<StandardFace, 'ready' | 'load' | 'unload' | 'classifyFace'>;
  readonly explainer: LlmExplainer & Pick<ExplainerSession, 'ready' | 'tier' | 'load' | 'unload'>;
  readonly speech: Pick<SpeechSession, 'ready' | 'hear' | 'judge' | 'load' | 'unload'>;
  readonly hubVoice: Pick<HubVoice, 'ready' | 'read' | 'load' | 'unload'>;
  readonly media: Pick<
    MediaSession,
    'state' | 'stream' | 'hasCamera' | 'hasMicrophone' | 'clip' | 'playClip' | 'pauseClip' | 'stop'
  >;
  readonly vision: Pick<
    VisionSession,
    | 'result'
    | 'pool'
    | 'lastCrop'
    | 'ready'
    | 'state'
    | 'framesRead'
    | 'firstReading'
    | 'prepare'
    | 'start'
    | 'stop'
    | 'bitmaps'
    | 'keepCrops'
    | 'standardClassifier'
  >;
  readonly audio: Pick<
    AudioSession,
    'speaking' | 'listening' | 'error' | 'reports' | 'start' | 'stop' | 'prepare' | 'onUtterance'
  >;
  readonly storage: Pick<StorageState, 'refresh' | 'beforeDownload'>;
  readonly analysis: Pick<
    AnalysisSession,
    | 'addUtterance'
    | 'addSliding'
    | 'exportData'
    | 'exportCsv'
    | 'explained'
    | 'stop'
    | 'judge'
    | 'explainer'
    | 'faceImage'
    | 'windows'
  >;
}
