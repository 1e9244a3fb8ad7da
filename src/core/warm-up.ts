/**
 * The inputs a bundled model is warmed up with after loading (one run, so the first real frame does not
 * pay for shader compilation): built from the manifest's input specs.
 */
import { ManifestError, type ModelEntry } from './manifest.ts';

export type WarmUpArray =
  | { readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] };

/** Arrays for one run on a bundled model's input specs (zeros unless a fill is given). */
export function warmUpArrays(entry: ModelEntry): Record<string, WarmUpArray> {
  if (!entry.inputs) throw new ManifestError(`${entry.name}: the manifest gives no inputs to warm it up with`);
  const out: Record<string, WarmUpArray> = {};
  for (const [name, spec] of Object.entries(entry.inputs)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const fill = spec.fill ?? 0;
    out[name] =
      spec.type === 'int64'
        ? { type: 'int64', data: new BigInt64Array(size).fill(BigInt(fill)), dims: spec.shape }
        : { type: 'float32', data: new Float32Array(size).fill(fill), dims: spec.shape };
  }
  return out;
}
