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
