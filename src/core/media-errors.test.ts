import { describe, expect, it } from 'vitest';
import { CLIP_STALL_MS, clipProblem, clipStall, describeMediaError } from './media-errors.ts';

describe('describeMediaError', () => {
  it('says a denied camera is blocked and where to allow it', () => {
    const p = describeMediaError('camera', 'NotAllowedError');
    expect(p.message).toBe('Camera blocked.');
    expect(p.action).toMatch(/address bar.*Retry/);
    expect(p.retryable).toBe(true);
  });

  it('offers the other modality when a device is missing', () => {
    expect(describeMediaError('camera', 'NotFoundError').action).toContain('voice only');
    expect(describeMediaError('microphone', 'NotFoundError').action).toContain('face only');
  });

  it('names a busy device, an unplugged one and an insecure page differently', () => {
    expect(describeMediaError('camera', 'NotReadableError').message).toContain('another app');
    expect(describeMediaError('microphone', 'ended').message).toContain('stopped');
    const insecure = describeMediaError('camera', 'SecurityError');
    expect(insecure.retryable).toBe(false);
    expect(insecure.action).toContain('https');
  });

  it('still says something useful for an unknown error', () => {
    expect(describeMediaError('camera', 'WeirdError').message).toBe('The camera failed (WeirdError).');
  });
});

describe('a replayed clip that stalls', () => {
  it('names what did not arrive, and nothing where nothing was expected', () => {
    expect(clipStall({ picture: true, sound: true })).toBeNull();
    expect(clipStall({ picture: null, sound: null })).toBeNull();
    expect(clipStall({ picture: true, sound: null })).toBeNull();
    expect(clipStall({ picture: false, sound: true })).toBe('its picture did not reach the page within 6 s of playing');
    expect(clipStall({ picture: false, sound: false })).toBe(
      'its picture and sound did not reach the page within 6 s of playing',
    );
    expect(clipStall({ picture: null, sound: false })).toBe('its sound did not reach the page within 6 s of playing');
    expect(CLIP_STALL_MS).toBe(6000);
  });

  it('says it as a clip that never loads does, with the way on', () => {
    const p = clipProblem(
      'Example: Neutral face, angry voice',
      'its picture did not reach the page within 6 s of playing',
    );
    expect(p.message).toBe(
      'The clip “Example: Neutral face, angry voice” could not be played (its picture did not reach the page within 6 s of playing).',
    );
    expect(p.action).toContain('start the camera and microphone');
    expect(clipProblem('a.webm', '').message).toBe('The clip “a.webm” could not be played.');
  });
});
