/**
 * What the vision pipeline needs of a model session: named float inputs in,
 * named float outputs out. The worker adapts onnxruntime-web sessions to it,
 * Node tests onnxruntime-node ones, so the pipeline itself stays pure.
 */
export interface TensorData {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface ModelRunner {
  run(inputs: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>>;
}

/** The part of an onnxruntime session (web or node build) a runner needs. */
export interface OrtLikeSession<T> {
  run(feeds: Record<string, T>): Promise<Record<string, { readonly data: unknown; readonly dims: readonly number[] }>>;
}

/** Adapts an onnxruntime session to a ModelRunner; `tensor` builds that build's float32 tensor. */
export function ortLikeRunner<T>(
  session: OrtLikeSession<T>,
  tensor: (data: Float32Array, dims: readonly number[]) => T,
): ModelRunner {
  return {
    async run(inputs) {
      const feeds: Record<string, T> = {};
      for (const [name, t] of Object.entries(inputs)) feeds[name] = tensor(t.data, t.dims);
      const out = await session.run(feeds);
      const result: Record<string, TensorData> = {};
      for (const [name, t] of Object.entries(out)) result[name] = { data: t.data as Float32Array, dims: t.dims };
      return result;
    },
  };
}
