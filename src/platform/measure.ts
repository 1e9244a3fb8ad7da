/**
 * Performance measures taken at the paint that shows a result (the benchmark and the e2e tests read them).
 */

/** Performance measures kept per name. */
export const MAX_MEASURES = 200;

/**
 * A performance measure from `start` to the paint that shows what was just set: taken in the second
 * animation frame after (the first runs before that paint). MI on screen and the first word use the same rule.
 */
export function measureAtPaint(name: string, start: number): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      // A start from another clock (the worker's) is kept within this page's timeline.
      const now = performance.now();
      performance.measure(name, { start: Math.min(Math.max(0, start), now), end: now });
      // Bounded: a long session keeps the newest MAX_MEASURES / 2 once there are more than MAX_MEASURES.
      const all = performance.getEntriesByName(name, 'measure');
      if (all.length > MAX_MEASURES) {
        const keep = all.slice(-MAX_MEASURES / 2).map((m) => ({ start: m.startTime, end: m.startTime + m.duration }));
        performance.clearMeasures(name);
        for (const m of keep) performance.measure(name, m);
      }
    }),
  );
}
