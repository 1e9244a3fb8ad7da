/**
 * Plain sentences for what went wrong with the camera or microphone, and what
 * to do about it. Input is the DOMException name from getUserMedia or the
 * state of a track, so it stays testable without a browser.
 */
export type MediaKind = 'camera' | 'microphone';

export interface MediaProblem {
  readonly kind: MediaKind;
  /** What happened, in one sentence. */
  readonly message: string;
  /** What the visitor can do next. */
  readonly action: string;
  /** Retry can help without a page reload. */
  readonly retryable: boolean;
}

const NAMES: Record<MediaKind, { cap: string; noun: string }> = {
  camera: { cap: 'Camera', noun: 'camera' },
  microphone: { cap: 'Microphone', noun: 'microphone' },
};

export function describeMediaError(kind: MediaKind, errorName: string): MediaProblem {
  const { cap, noun } = NAMES[kind];
  switch (errorName) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return {
        kind,
        message: `${cap} blocked.`,
        action: `Allow the ${noun} in the address bar (the icon left of the address), then Retry.`,
        retryable: true,
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return {
        kind,
        message: `No ${noun} found.`,
        action: `Connect a ${noun} and Retry${kind === 'camera' ? ', or go on with the voice only' : ', or go on with the face only'}.`,
        retryable: true,
      };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        kind,
        message: `The ${noun} could not be started; another app may be using it.`,
        action: `Close the other app using the ${noun}, then Retry.`,
        retryable: true,
      };
    case 'OverconstrainedError':
      return {
        kind,
        message: `The ${noun} cannot give the format asked for.`,
        action: `Choose another ${noun} in the browser settings, then Retry.`,
        retryable: true,
      };
    case 'SecurityError':
      return {
        kind,
        message: `The browser does not allow the ${noun} on this page.`,
        action: 'Open the app over https (or on localhost) and make sure no policy blocks media.',
        retryable: false,
      };
    case 'ended':
      return {
        kind,
        message: `The ${noun} stopped (unplugged or taken by another app).`,
        action: `Reconnect the ${noun}, then Retry.`,
        retryable: true,
      };
    case 'unsupported':
      return {
        kind,
        message: `This browser cannot use a ${noun} here.`,
        action: 'Use a current Chrome, Edge, Firefox or Safari over https.',
        retryable: false,
      };
    default:
      return {
        kind,
        message: `The ${noun} failed (${errorName || 'unknown error'}).`,
        action: 'Retry; if it keeps failing, reload the page.',
        retryable: true,
      };
  }
}

/** How long a replayed clip may take to load, or to give a track. */
export const CLIP_LOAD_MS = 10_000;
/** How long a playing clip's stream may take to deliver its first picture and sound to the analysis. */
export const CLIP_STALL_MS = 6000;

/** A replayed clip that could not be played, and why, with what to do next. */
export function clipProblem(name: string, reason: string): MediaProblem {
  return {
    kind: 'camera',
    message: `The clip “${name}” could not be played${reason ? ` (${reason})` : ''}.`,
    action: 'Choose a video file this browser can play (MP4 or WebM), or start the camera and microphone.',
    retryable: false,
  };
}

/**
 * What a playing clip's stream has delivered since it started: `picture` / `sound` are null where there is
 * nothing to expect (no such track, or its analysis did not start and says so itself).
 */
export interface ClipDelivery {
  readonly picture: boolean | null;
  readonly sound: boolean | null;
}

/** Why a playing clip is stalled, in words (the reason of `clipProblem`), or null while it delivers. */
export function clipStall(d: ClipDelivery): string | null {
  const missing = [d.picture === false ? 'picture' : null, d.sound === false ? 'sound' : null].filter(
    (x): x is string => x !== null,
  );
  if (missing.length === 0) return null;
  const what = missing.join(' and ');
  return `its ${what} did not reach the page within ${CLIP_STALL_MS / 1000} s of playing`;
}
