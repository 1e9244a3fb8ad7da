/**
 * A speech-to-text encoder-decoder in the transformers.js layout of
 * onnx-community/moonshine-*-ONNX (model_type moonshine): the raw 16 kHz
 * waveform (MoonshineFeatureExtractor) → onnx/encoder_model.onnx
 * (input_values → last_hidden_state) → onnx/decoder_model_merged.onnx
 * (input_ids, encoder_hidden_states, use_cache_branch and the decoder and
 * encoder caches → logits, present.*).
 */
import { decoderStack, type DecoderDims } from './decoder.ts';
import { GraphBuilder } from './onnx-builder.ts';
import { randomWeights } from './rng.ts';
import { byteLevelTokenizer } from './tokenizer.ts';

const DIMS: DecoderDims = { hidden: 16, heads: 2, headDim: 8, layers: 2, maxPositions: 512 };
/** Samples per encoder frame: a 2 s utterance gives 50 frames. */
const HOP = 640;

function encoderGraph(): Uint8Array {
  const g = new GraphBuilder('tiny-moonshine-encoder');
  const audio = g.input('input_values', 'float32', ['batch_size', 'num_samples']);
  // Frame the waveform (drop the tail), then project each frame to the hidden size.
  const frames = g.op('Div', [g.op('Shape', [audio], { start: 1, end: 2 }), g.ints([HOP])]);
  const usable = g.op('Mul', [frames, g.ints([HOP])]);
  const trimmed = g.op('Slice', [audio, g.ints([0]), usable, g.ints([1])]);
  const framed = g.op('Reshape', [trimmed, g.op('Concat', [g.ints([0]), frames, g.ints([HOP])], { axis: 0 })]);
  const w = g.weight('frame_proj', randomWeights(41, HOP * DIMS.hidden, 0.2), [HOP, DIMS.hidden]);
  g.op('Tanh', [g.op('MatMul', [framed, w])], {}, 'last_hidden_state');
  g.output('last_hidden_state', 'float32', ['batch_size', 'encoder_sequence_length', DIMS.hidden]);
  return g.encode();
}

function decoderGraph(vocab: number): Uint8Array {
  const g = new GraphBuilder('tiny-moonshine-decoder-merged');
  const ids = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const encoderHidden = g.input('encoder_hidden_states', 'float32', [
    'batch_size',
    'encoder_sequence_length',
    DIMS.hidden,
  ]);
  g.input('use_cache_branch', 'bool', [1]);
  const embed = g.weight('embed_tokens', randomWeights(42, vocab * DIMS.hidden, 1), [vocab, DIMS.hidden]);
  const x = g.op('Gather', [embed, ids], { axis: 0 });
  const h = decoderStack(g, x, DIMS, 43, { cross: { encoderHidden, encoderDim: DIMS.hidden } });
  const head = g.weight('proj_out', randomWeights(99, DIMS.hidden * vocab, 1), [DIMS.hidden, vocab]);
  g.op('MatMul', [h, head], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', 'decoder_sequence_length', vocab]);
  return g.encode();
}

export function speechToTextFiles(): Record<string, Uint8Array | unknown> {
  const tok = byteLevelTokenizer();
  const start = tok.ids['<|im_start|>'];
  const eos = tok.ids['<|im_end|>'];
  const pad = tok.ids['<|endoftext|>'];
  const encoder = encoderGraph();
  const decoder = decoderGraph(tok.vocabSize);
  return {
    'config.json': {
      model_type: 'moonshine',
      architectures: ['MoonshineForConditionalGeneration'],
      is_encoder_decoder: true,
      vocab_size: tok.vocabSize,
      hidden_size: DIMS.hidden,
      encoder_num_hidden_layers: DIMS.layers,
      decoder_num_hidden_layers: DIMS.layers,
      encoder_num_attention_heads: DIMS.heads,
      decoder_num_attention_heads: DIMS.heads,
      encoder_num_key_value_heads: DIMS.heads,
      decoder_num_key_value_heads: DIMS.heads,
      max_position_embeddings: DIMS.maxPositions,
      bos_token_id: start,
      decoder_start_token_id: start,
      eos_token_id: eos,
      pad_token_id: pad,
    },
    'generation_config.json': {
      bos_token_id: start,
      decoder_start_token_id: start,
      eos_token_id: eos,
      pad_token_id: pad,
    },
    'preprocessor_config.json': {
      feature_extractor_type: 'MoonshineFeatureExtractor',
      processor_class: 'MoonshineProcessor',
      feature_size: 1,
      sampling_rate: 16000,
      padding_value: 0,
      do_normalize: false,
      return_attention_mask: true,
    },
    'tokenizer.json': tok['tokenizer.json'],
    'tokenizer_config.json': { ...(tok['tokenizer_config.json'] as object), chat_template: undefined },
    'onnx/encoder_model.onnx': encoder,
    'onnx/encoder_model_fp16.onnx': encoder,
    'onnx/encoder_model_quantized.onnx': encoder,
    'onnx/decoder_model_merged.onnx': decoder,
    'onnx/decoder_model_merged_q4.onnx': decoder,
    'onnx/decoder_model_merged_quantized.onnx': decoder,
  };
}
