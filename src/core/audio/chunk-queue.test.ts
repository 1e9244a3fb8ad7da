import { describe, expect, it } from 'vitest';
import { DropOldestQueue } from './chunk-queue.ts';

describe('DropOldestQueue', () => {
  it('keeps order, and beyond its bound drops the oldest and counts them', () => {
    const q = new DropOldestQueue<number>(3);
    for (let i = 1; i <= 5; i++) q.push(i);
    expect(q.length).toBe(3);
    expect(q.dropped).toBe(2);
    expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([3, 4, 5, undefined]);
    q.push(6);
    expect(q.shift()).toBe(6);
    expect(q.dropped).toBe(2);
    expect(() => new DropOldestQueue(0)).toThrow();
  });
});
