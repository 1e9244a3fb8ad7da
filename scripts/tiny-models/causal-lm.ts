/**
 * A decoder-only causal LM in the transformers.js layout of
 * HuggingFaceTB/SmolLM2-*-Instruct (model_type llama): config.json,
 * generation_config.json, tokenizer files with a ChatML template, and
 * onnx/model{suffix}.onnx with input_ids, attention_mask, position_ids and
 * past_key_values.* → logits, present.*.
 */
import { decoderStack, type DecoderDims } from './decoder.ts';
import { GraphBuilder } from './onnx-builder.ts';
import { randomWeights } from './rng.ts';
import { byteLevelTokenizer } from './tokenizer.ts';

export const LM_DIMS: DecoderDims = { hidden: 16, heads: 2, headDim: 8, layers: 2, maxPositions: 2048 };

export function causalLmGraph(vocab: number, dims: DecoderDims = LM_DIMS, seed = 1): Uint8Array {
  const g = new GraphBuilder('tiny-causal-lm');
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const embed = g.weight('embed_tokens', randomWeights(seed, vocab * dims.hidden, 1), [vocab, dims.hidden]);
  const x = g.op('Gather', [embed, inputIds], { axis: 0 });
  const h = decoderStack(g, x, dims, seed + 1, { attentionMask, positionIds });
  const lmHead = g.weight('lm_head', randomWeights(seed + 100, dims.hidden * vocab, 1), [dims.hidden, vocab]);
  g.op('MatMul', [h, lmHead], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', 'sequence_length', vocab]);
  return g.encode();
}

/** Files of the family, by path. dtype suffixes per transformers.js: q4 `_q4`, q4f16 `_q4f16`, q8 `_quantized`. */
export function causalLmFiles(): Record<string, Uint8Array | unknown> {
  const tok = byteLevelTokenizer();
  const bos = tok.ids['<|im_start|>'];
  const eos = tok.ids['<|im_end|>'];
  const pad = tok.ids['<|endoftext|>'];
  const graph = causalLmGraph(tok.vocabSize);
  return {
    'config.json': {
      model_type: 'llama',
      architectures: ['LlamaForCausalLM'],
      vocab_size: tok.vocabSize,
      hidden_size: LM_DIMS.hidden,
      intermediate_size: LM_DIMS.hidden * 4,
      num_hidden_layers: LM_DIMS.layers,
      num_attention_heads: LM_DIMS.heads,
      num_key_value_heads: LM_DIMS.heads,
      head_dim: LM_DIMS.headDim,
      max_position_embeddings: LM_DIMS.maxPositions,
      bos_token_id: bos,
      eos_token_id: eos,
      pad_token_id: pad,
      tie_word_embeddings: false,
    },
    'generation_config.json': { bos_token_id: bos, eos_token_id: eos, pad_token_id: pad },
    'tokenizer.json': tok['tokenizer.json'],
    'tokenizer_config.json': tok['tokenizer_config.json'],
    'special_tokens_map.json': { bos_token: '<|im_start|>', eos_token: '<|im_end|>', pad_token: '<|endoftext|>' },
    'onnx/model.onnx': graph,
    'onnx/model_q4.onnx': graph,
    'onnx/model_q4f16.onnx': graph,
    'onnx/model_quantized.onnx': graph,
  };
}
