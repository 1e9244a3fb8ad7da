import { describe, expect, it } from 'vitest';
import { describeMediaError } from './media-errors.ts';

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
