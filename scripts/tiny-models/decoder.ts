/**
 * A tiny transformer decoder stack in ONNX, with a real KV cache: each layer
 * concatenates `past_key_values.{i}.key|value` with the new keys and values
 * (outputs `present.{i}.*`), and attends causally over the whole cache,
 * honouring the attention mask. Greedy decoding with and without the cache
 * gives the same tokens only if the cache is handled right, so the fixture
 * can catch cache bugs in the app's generation code.
 */
import type { GraphBuilder } from './onnx-builder.ts';
import { randomWeights } from './rng.ts';

export interface DecoderDims {
  readonly hidden: number;
  readonly heads: number;
  readonly headDim: number;
  readonly layers: number;
  readonly maxPositions: number;
}

/**
 * Adds the cache inputs/outputs and the layers, from hidden states `x`
 * [batch, seq, hidden]. Returns the final hidden states.
 */
export interface DecoderInputs {
  /** [batch, past + seq] int64; without it every position counts (models with no attention_mask input). */
  readonly attentionMask?: string;
  /** [batch, seq] int64; without it positions are past … past + seq − 1 (models that derive them). */
  readonly positionIds?: string;
  /** Cross-attention over encoder states (encoder-decoder models). */
  readonly cross?: { readonly encoderHidden: string; readonly encoderDim: number };
}

export function decoderStack(
  g: GraphBuilder,
  x: string,
  dims: DecoderDims,
  seed: number,
  io: DecoderInputs = {},
): string {
  const { hidden, heads, headDim, layers, maxPositions } = dims;
  const inner = heads * headDim;
  const crossAttention = io.cross;
  const w = (name: string, rows: number, cols: number, scale: number) =>
    g.weight(name, randomWeights(seed++, rows * cols, scale), [rows, cols]);
  const kind = crossAttention ? '.decoder' : '';
  const cacheDims = ['batch_size', heads, 'past_sequence_length', headDim];
  const presentDims = ['batch_size', heads, 'total_sequence_length', headDim];
  const pastKeys = Array.from({ length: layers }, (_, i) =>
    g.input(`past_key_values.${i}${kind}.key`, 'float32', cacheDims),
  );

  // Lengths: seq from x, past from the cache, total = past + seq.
  const axis0 = g.ints([0]);
  const zero = g.ints([0], []);
  const one = g.ints([1], []);
  const seq = g.op('Shape', [x], { start: 1, end: 2 });
  const past = g.op('Shape', [pastKeys[0] as string], { start: 2, end: 3 });
  const total = g.op('Add', [past, seq]);
  const totalScalar = g.op('Squeeze', [total, axis0]);
  const pastScalar = g.op('Squeeze', [past, axis0]);
  const queryRange = g.op('Range', [pastScalar, totalScalar, one]);

  // Position embedding: makes the output depend on where each token sits, so wrong cache offsets show.
  const positionIds = io.positionIds ?? g.op('Unsqueeze', [queryRange, g.ints([0])]);
  const positions = g.op('Gather', [w('embed_positions', maxPositions, hidden, 0.5), positionIds], { axis: 0 });
  let h = g.op('Add', [x, positions]);

  // Causal (+ padding) mask as an additive bias [batch|1, 1, seq, total], built once.
  const keyPos = g.op('Unsqueeze', [g.op('Range', [zero, totalScalar, one]), g.ints([0])]);
  const queryPos = g.op('Unsqueeze', [queryRange, g.ints([1])]);
  let allowed = g.op('LessOrEqual', [keyPos, queryPos]);
  if (io.attentionMask) {
    const padding = g.op('Unsqueeze', [g.op('Cast', [io.attentionMask], { to: 9 }), g.ints([1, 2])]);
    allowed = g.op('And', [allowed, padding]);
  }
  const bias = g.op('Where', [allowed, g.scalar(0), g.scalar(-1e9)]);

  const split = g.ints([0, 0, heads, headDim]);
  const merge = g.ints([0, 0, inner]);
  const toHeads = (t: string) => g.op('Transpose', [g.op('Reshape', [t, split])], { perm: [0, 2, 1, 3] });
  const fromHeads = (t: string) => g.op('Reshape', [g.op('Transpose', [t], { perm: [0, 2, 1, 3] }), merge]);
  const scale = g.scalar(1 / Math.sqrt(headDim));

  const attend = (q: string, k: string, v: string, maskBias: string | null) => {
    let scores = g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [k], { perm: [0, 1, 3, 2] })]), scale]);
    if (maskBias) scores = g.op('Add', [scores, maskBias]);
    return fromHeads(g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), v]));
  };

  for (let i = 0; i < layers; i++) {
    const pastK = pastKeys[i] as string;
    const pastV = g.input(`past_key_values.${i}${kind}.value`, 'float32', cacheDims);
    const q = toHeads(g.op('MatMul', [h, w(`l${i}.q`, hidden, inner, 0.5)]));
    const k = g.op(
      'Concat',
      [pastK, toHeads(g.op('MatMul', [h, w(`l${i}.k`, hidden, inner, 0.5)]))],
      { axis: 2 },
      `present.${i}${kind}.key`,
    );
    const v = g.op(
      'Concat',
      [pastV, toHeads(g.op('MatMul', [h, w(`l${i}.v`, hidden, inner, 0.5)]))],
      { axis: 2 },
      `present.${i}${kind}.value`,
    );
    g.output(k, 'float32', presentDims);
    g.output(v, 'float32', presentDims);
    const ctx = attend(q, k, v, bias);
    h = g.op('Add', [h, g.op('Tanh', [g.op('MatMul', [ctx, w(`l${i}.o`, inner, hidden, 0.5)])])]);

    if (crossAttention) {
      // Cross-attention over the encoder states; their keys/values are the "encoder" cache entries.
      const { encoderHidden, encoderDim } = crossAttention;
      const encDims = ['batch_size', heads, 'encoder_sequence_length_out', headDim];
      g.input(`past_key_values.${i}.encoder.key`, 'float32', ['batch_size', heads, 'encoder_sequence_length', headDim]);
      g.input(`past_key_values.${i}.encoder.value`, 'float32', [
        'batch_size',
        heads,
        'encoder_sequence_length',
        headDim,
      ]);
      const cq = toHeads(g.op('MatMul', [h, w(`l${i}.cq`, hidden, inner, 0.5)]));
      const ck = toHeads(g.op('MatMul', [encoderHidden, w(`l${i}.ck`, encoderDim, inner, 0.5)]));
      const cv = toHeads(g.op('MatMul', [encoderHidden, w(`l${i}.cv`, encoderDim, inner, 0.5)]));
      g.output(g.op('Identity', [ck], {}, `present.${i}.encoder.key`), 'float32', encDims);
      g.output(g.op('Identity', [cv], {}, `present.${i}.encoder.value`), 'float32', encDims);
      h = g.op('Add', [
        h,
        g.op('Tanh', [g.op('MatMul', [attend(cq, ck, cv, null), w(`l${i}.co`, inner, hidden, 0.5)])]),
      ]);
    }
  }
  return h;
}
