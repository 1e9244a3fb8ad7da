/** Exact tests for the eval's small counts. */

/** C(n, k) as a float (n is at most a few thousand here). */
function choose(n: number, k: number): number {
  let c = 1;
  for (let j = 0; j < k; j++) c = (c * (n - j)) / (j + 1);
  return c;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  let tail = 0;
  for (let i = Math.max(0, k); i <= n; i++) tail += choose(n, i) * p ** i * (1 - p) ** (n - i);
  return Math.min(1, tail);
}

/**
 * McNemar's exact test, two-sided: `b` and `c` are the discordant pairs (one arm fails where the other does
 * not). Under no difference each discordant pair falls either way with probability ½; p is twice the
 * smaller tail, at most 1 (1 when there is no discordant pair).
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialUpperTail(Math.max(b, c), n, 0.5));
}
