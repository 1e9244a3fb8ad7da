/**
 * An image-text-to-text model in the transformers.js layout of
 * HuggingFaceTB/SmolVLM-*-Instruct (model_type idefics3): the Idefics3
 * processor and image processor configs, a chat template with `<image>`,
 * and three sessions —
 * - onnx/embed_tokens.onnx: input_ids → inputs_embeds
 * - onnx/vision_encoder.onnx: pixel_values [b, frames, 3, H, W], pixel_attention_mask → image_features
 * - onnx/decoder_model_merged.onnx: inputs_embeds, attention_mask, position_ids, past_key_values.* → logits, present.*
 * The image features replace the `<image>` token embeddings, so the image
 * changes what the decoder writes.
 */
import { decoderStack, type DecoderDims } from './decoder.ts';
import { GraphBuilder } from './onnx-builder.ts';
import { randomWeights } from './rng.ts';
import { byteLevelTokenizer } from './tokenizer.ts';

const DIMS: DecoderDims = { hidden: 16, heads: 2, headDim: 8, layers: 2, maxPositions: 4096 };
/** Image tokens per frame (SmolVLM-256M: 64 per 512×512 frame). */
export const IMAGE_SEQ_LEN = 64;
const FRAME = 512;

/** SmolVLM's chat template (roles capitalised, `<image>` placeholders, `<end_of_utterance>`). */
const SMOLVLM_TEMPLATE =
  "<|im_start|>{% for message in messages %}{{ message['role'] | capitalize }}" +
  "{% if message['content'][0]['type'] == 'image' %}{{ ':' }}{% else %}{{ ': ' }}{% endif %}" +
  "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{ line['text'] }}" +
  "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}" +
  "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

function tokens() {
  const extra = ['<image>', '<fake_token_around_image>', '<global-img>', '<end_of_utterance>'];
  for (let r = 1; r <= 4; r++) for (let c = 1; c <= 4; c++) extra.push(`<row_${r}_col_${c}>`);
  return byteLevelTokenizer(extra.map((content) => ({ content, special: true })));
}

function embedGraph(vocab: number): Uint8Array {
  const g = new GraphBuilder('tiny-idefics3-embed-tokens');
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const table = g.weight('embed_tokens', randomWeights(51, vocab * DIMS.hidden, 1), [vocab, DIMS.hidden]);
  g.op('Gather', [table, ids], { axis: 0 }, 'inputs_embeds');
  g.output('inputs_embeds', 'float32', ['batch_size', 'sequence_length', DIMS.hidden]);
  return g.encode();
}

function visionGraph(): Uint8Array {
  const g = new GraphBuilder('tiny-idefics3-vision-encoder');
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 'num_images', 3, 'height', 'width']);
  g.input('pixel_attention_mask', 'bool', ['batch_size', 'num_images', 'height', 'width']);
  // Per frame: channel means and maxima → IMAGE_SEQ_LEN feature vectors.
  const stats = g.op(
    'Concat',
    [
      g.op('ReduceMean', [pixels], { axes: [3, 4], keepdims: 0 }),
      g.op('ReduceMax', [pixels], { axes: [3, 4], keepdims: 0 }),
    ],
    { axis: 2 },
  );
  const perFrame = g.op('Reshape', [stats, g.ints([-1, 6])]);
  const proj = g.weight('connector', randomWeights(52, 6 * IMAGE_SEQ_LEN * DIMS.hidden, 1), [
    6,
    IMAGE_SEQ_LEN * DIMS.hidden,
  ]);
  const features = g.op('Tanh', [g.op('MatMul', [perFrame, proj])]);
  g.op('Reshape', [features, g.ints([-1, IMAGE_SEQ_LEN, DIMS.hidden])], {}, 'image_features');
  g.output('image_features', 'float32', ['num_frames', IMAGE_SEQ_LEN, DIMS.hidden]);
  return g.encode();
}

function decoderGraph(vocab: number): Uint8Array {
  const g = new GraphBuilder('tiny-idefics3-decoder-merged');
  const x = g.input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', DIMS.hidden]);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const h = decoderStack(g, x, DIMS, 53, { attentionMask, positionIds });
  const head = g.weight('lm_head', randomWeights(54, DIMS.hidden * vocab, 1), [DIMS.hidden, vocab]);
  g.op('MatMul', [h, head], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', 'sequence_length', vocab]);
  return g.encode();
}

export function visionLmFiles(): Record<string, Uint8Array | unknown> {
  const tok = tokens();
  const eos = tok.ids['<end_of_utterance>'];
  const bos = tok.ids['<|im_start|>'];
  const pad = tok.ids['<|endoftext|>'];
  const embed = embedGraph(tok.vocabSize);
  const vision = visionGraph();
  const decoder = decoderGraph(tok.vocabSize);
  return {
    'config.json': {
      model_type: 'idefics3',
      architectures: ['Idefics3ForConditionalGeneration'],
      image_token_id: tok.ids['<image>'],
      scale_factor: 4,
      vocab_size: tok.vocabSize,
      text_config: {
        model_type: 'llama',
        vocab_size: tok.vocabSize,
        hidden_size: DIMS.hidden,
        num_hidden_layers: DIMS.layers,
        num_attention_heads: DIMS.heads,
        num_key_value_heads: DIMS.heads,
        head_dim: DIMS.headDim,
        max_position_embeddings: DIMS.maxPositions,
        bos_token_id: bos,
        eos_token_id: eos,
        pad_token_id: pad,
      },
      vision_config: { model_type: 'idefics3_vision', image_size: FRAME, patch_size: 16, hidden_size: 16 },
    },
    'generation_config.json': { bos_token_id: bos, eos_token_id: eos, pad_token_id: pad },
    'processor_config.json': { processor_class: 'Idefics3Processor', image_seq_len: IMAGE_SEQ_LEN },
    'preprocessor_config.json': {
      image_processor_type: 'Idefics3ImageProcessor',
      processor_class: 'Idefics3Processor',
      do_convert_rgb: true,
      do_resize: true,
      size: { longest_edge: 4 * FRAME },
      max_image_size: { longest_edge: FRAME },
      do_image_splitting: true,
      resample: 1,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      do_pad: true,
    },
    'tokenizer.json': tok['tokenizer.json'],
    'tokenizer_config.json': {
      ...(tok['tokenizer_config.json'] as object),
      eos_token: '<end_of_utterance>',
      chat_template: SMOLVLM_TEMPLATE,
    },
    'onnx/embed_tokens.onnx': embed,
    'onnx/embed_tokens_fp16.onnx': embed,
    'onnx/vision_encoder.onnx': vision,
    'onnx/vision_encoder_fp16.onnx': vision,
    'onnx/decoder_model_merged.onnx': decoder,
    'onnx/decoder_model_merged_q4.onnx': decoder,
    'onnx/decoder_model_merged_q4f16.onnx': decoder,
    'onnx/decoder_model_merged_quantized.onnx': decoder,
  };
}
