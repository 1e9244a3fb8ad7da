import { describe, expect, it } from 'vitest';
import { orNull } from './deadline.ts';

describe('orNull', () => {
  it("gives the promise's value in time, null when it is late, and passes a rejection on", async () => {
    expect(await orNull(Promise.resolve(7), 50)).toBe(7);
    expect(await orNull(new Promise(() => undefined), 20)).toBeNull();
    await expect(orNull(Promise.reject(new Error('closed')), 50)).rejects.toThrow('closed');
  });
});
