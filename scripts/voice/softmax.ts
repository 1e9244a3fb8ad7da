/**
 * Multinomial logistic regression on standardised features, class-balanced
 * cross-entropy with L2, full-batch Adam from zero weights: deterministic,
 * and a second to train on a few thousand rows. Temperature scaling and the
 * metrics (WAR, UAR, 15-bin ECE) live here too.
 */
export interface Dataset {
  /** Rows of F features. */
  readonly x: readonly Float32Array[];
  readonly y: readonly number[];
}

export interface SoftmaxModel {
  readonly mean: Float32Array;
  readonly std: Float32Array;
  /** F × K, row-major. */
  readonly w: Float32Array;
  readonly b: Float32Array;
  readonly classes: number;
}

export interface TrainOptions {
  readonly classes: number;
  readonly l2: number;
  readonly steps: number;
  readonly lr: number;
}

export function train(data: Dataset, opts: TrainOptions): SoftmaxModel {
  const n = data.x.length;
  const f = data.x[0]!.length;
  const k = opts.classes;
  const mean = new Float32Array(f);
  const std = new Float32Array(f);
  for (const row of data.x) for (let d = 0; d < f; d++) mean[d]! += (row[d] as number) / n;
  for (const row of data.x) for (let d = 0; d < f; d++) std[d]! += ((row[d] as number) - (mean[d] as number)) ** 2 / n;
  for (let d = 0; d < f; d++) std[d] = Math.sqrt(std[d] as number) || 1;
  const z = data.x.map((row) => Float64Array.from(row, (v, d) => (v - (mean[d] as number)) / (std[d] as number)));
  const counts = new Array<number>(k).fill(0);
  for (const y of data.y) counts[y]!++;
  const classWeight = counts.map((c) => (c > 0 ? n / (k * c) : 0));
  const totalWeight = data.y.reduce((a, y) => a + (classWeight[y] as number), 0);

  const w = new Float64Array(f * k);
  const b = new Float64Array(k);
  const gw = new Float64Array(f * k);
  const gb = new Float64Array(k);
  const mw = new Float64Array(f * k);
  const vw = new Float64Array(f * k);
  const mb = new Float64Array(k);
  const vb = new Float64Array(k);
  const logits = new Float64Array(k);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let step = 1; step <= opts.steps; step++) {
    gw.fill(0);
    gb.fill(0);
    for (let i = 0; i < n; i++) {
      const row = z[i]!;
      for (let c = 0; c < k; c++) logits[c] = b[c] as number;
      for (let d = 0; d < f; d++) {
        const v = row[d] as number;
        for (let c = 0; c < k; c++) logits[c]! += v * (w[d * k + c] as number);
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, logits[c] as number);
      let s = 0;
      for (let c = 0; c < k; c++) s += logits[c] = Math.exp((logits[c] as number) - max);
      const scale = (classWeight[data.y[i] as number] as number) / totalWeight;
      for (let c = 0; c < k; c++) {
        const g = scale * ((logits[c] as number) / s - (c === data.y[i] ? 1 : 0));
        gb[c]! += g;
        for (let d = 0; d < f; d++) gw[d * k + c]! += g * (row[d] as number);
      }
    }
    for (let j = 0; j < w.length; j++) gw[j]! += opts.l2 * (w[j] as number);
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    for (let j = 0; j < w.length; j++) {
      mw[j] = beta1 * (mw[j] as number) + (1 - beta1) * (gw[j] as number);
      vw[j] = beta2 * (vw[j] as number) + (1 - beta2) * (gw[j] as number) ** 2;
      w[j]! -= (opts.lr * ((mw[j] as number) / c1)) / (Math.sqrt((vw[j] as number) / c2) + eps);
    }
    for (let c = 0; c < k; c++) {
      mb[c] = beta1 * (mb[c] as number) + (1 - beta1) * (gb[c] as number);
      vb[c] = beta2 * (vb[c] as number) + (1 - beta2) * (gb[c] as number) ** 2;
      b[c]! -= (opts.lr * ((mb[c] as number) / c1)) / (Math.sqrt((vb[c] as number) / c2) + eps);
    }
  }
  return { mean, std, w: Float32Array.from(w), b: Float32Array.from(b), classes: k };
}

/** Logits of one row, computed as the exported graph does (float32 weights). */
export function logitsOf(model: SoftmaxModel, row: ArrayLike<number>): number[] {
  const k = model.classes;
  const out = Array.from(model.b);
  for (let d = 0; d < model.mean.length; d++) {
    const v = ((row[d] as number) - (model.mean[d] as number)) / (model.std[d] as number);
    for (let c = 0; c < k; c++) out[c]! += v * (model.w[d * k + c] as number);
  }
  return out;
}

function logSoftmaxAt(logits: readonly number[], t: number, y: number): number {
  const v = logits.map((l) => l / t);
  const max = Math.max(...v);
  return (v[y] as number) - max - Math.log(v.reduce((a, x) => a + Math.exp(x - max), 0));
}

/** The temperature minimising the mean negative log-likelihood (golden-section search on log T). */
export function fitTemperature(logits: readonly (readonly number[])[], y: readonly number[]): number {
  const nll = (logT: number) =>
    -logits.reduce((a, l, i) => a + logSoftmaxAt(l as number[], Math.exp(logT), y[i] as number), 0);
  let [lo, hi] = [Math.log(0.05), Math.log(20)];
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

export interface Scores {
  readonly war: number;
  readonly uar: number;
  readonly ece: number;
  readonly n: number;
  /** confusion[true][predicted] */
  readonly confusion: number[][];
}

/** WAR, UAR over the classes present, and top-label expected calibration error in 15 equal-width bins. */
export function score(probs: readonly (readonly number[])[], y: readonly number[], classes: number): Scores {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const bins = Array.from({ length: 15 }, () => ({ n: 0, conf: 0, right: 0 }));
  probs.forEach((p, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    confusion[y[i] as number]![best]!++;
    const conf = p[best] as number;
    const bin = bins[Math.min(14, Math.floor(conf * 15))]!;
    bin.n++;
    bin.conf += conf;
    bin.right += best === y[i] ? 1 : 0;
  });
  const n = probs.length;
  const right = confusion.reduce((a, row, c) => a + (row[c] as number), 0);
  const recalls = confusion
    .filter((row) => row.some((v) => v > 0))
    .map((row) => row[confusion.indexOf(row)]! / row.reduce((a, b) => a + b, 0));
  const ece = bins.reduce((a, b) => a + (b.n ? (b.n / n) * Math.abs(b.right / b.n - b.conf / b.n) : 0), 0);
  return { war: right / n, uar: recalls.reduce((a, b) => a + b, 0) / recalls.length, ece, n, confusion };
}
