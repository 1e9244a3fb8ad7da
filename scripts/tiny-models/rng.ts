/** Deterministic weights: mulberry32 seeded per tensor, uniform in [-scale, scale]. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomWeights(seed: number, size: number, scale: number): Float32Array {
  const next = seeded(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}
