/**
 * An image-audio-text-to-text model in the transformers.js layout of
 * onnx-community/gemma-4-E2B-it-ONNX (model_type gemma4,
 * Gemma4ForConditionalGeneration): a Gemma4Processor config with its image
 * processor and audio feature extractor, the special tokens the processor
 * expands (`image_token`, `boi_token`, … in tokenizer_config.json), a chat
 * template with image and audio parts, and four sessions —
 * - onnx/embed_tokens.onnx: input_ids → inputs_embeds, per_layer_inputs [b, s, layers, per-layer dim]
 * - onnx/vision_encoder.onnx: pixel_values [n, patches, 3·16·16], pixel_position_ids [n, patches, 2]
 *   → image_features, one per real patch (padding patches have position −1 and are dropped)
 * - onnx/audio_encoder.onnx: input_features [1, frames, 128], input_features_mask [1, frames]
 *   → audio_features [1, tokens, hidden]: two stride-2 convolutions, as Gemma's audio tower
 *   subsamples, keeping only tokens over real (unmasked) audio, capped at audio_seq_length
 * - onnx/decoder_model_merged.onnx: inputs_embeds, per_layer_inputs, attention_mask, position_ids,
 *   past_key_values.* → logits, present.*
 * The image and audio features replace their soft tokens' embeddings, so both change what the
 * decoder writes; the token counts must agree with the processor's arithmetic or the merge throws.
 */
import { decoderStack, type DecoderDims } from './decoder.ts';
import { GraphBuilder } from './onnx-builder.ts';
import { randomWeights } from './rng.ts';
import { byteLevelTokenizer } from './tokenizer.ts';

const DIMS: DecoderDims = { hidden: 16, heads: 2, headDim: 8, layers: 2, maxPositions: 4096 };
const PER_LAYER = 4;
const PATCH = 16;
const PATCH_DIM = PATCH * PATCH * 3;
/** Soft tokens per image at most (Gemma 4: 280); pooling 1 here, so one per 16-px patch. */
const MAX_SOFT_TOKENS = 16;
const MEL_BINS = 128;
export const AUDIO_SEQ_LENGTH = 750;

const TOKENS = {
  bos: '<bos>',
  eos: '<eos>',
  pad: '<pad>',
  startTurn: '<start_of_turn>',
  endTurn: '<end_of_turn>',
  image: '<image_soft_token>',
  boi: '<start_of_image>',
  eoi: '<end_of_image>',
  audio: '<audio_soft_token>',
  boa: '<start_of_audio>',
  eoa: '<end_of_audio>',
} as const;

/** Gemma's turn format, with image and audio parts rendered as their soft-token placeholders. */
const GEMMA_TEMPLATE =
  "{{ '<bos>' }}{% for message in messages %}" +
  "{{ '<start_of_turn>' + ('model' if message['role'] == 'assistant' else message['role']) + '\\n' }}" +
  "{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for part in message['content'] %}" +
  "{% if part['type'] == 'image' %}{{ '<image_soft_token>' }}{% elif part['type'] == 'audio' %}{{ '<audio_soft_token>' }}" +
  "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}{% endif %}" +
  "{{ '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}";

function tokens() {
  return byteLevelTokenizer(Object.values(TOKENS).map((content) => ({ content, special: true })));
}

function embedGraph(vocab: number): Uint8Array {
  const g = new GraphBuilder('tiny-gemma4-embed-tokens');
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const table = g.weight('embed_tokens', randomWeights(61, vocab * DIMS.hidden, 1), [vocab, DIMS.hidden]);
  g.op('Gather', [table, ids], { axis: 0 }, 'inputs_embeds');
  g.output('inputs_embeds', 'float32', ['batch_size', 'sequence_length', DIMS.hidden]);
  const perLayer = g.weight('embed_tokens_per_layer', randomWeights(62, vocab * DIMS.layers * PER_LAYER, 1), [
    vocab,
    DIMS.layers * PER_LAYER,
  ]);
  const gathered = g.op('Gather', [perLayer, ids], { axis: 0 });
  g.op('Reshape', [gathered, g.ints([0, 0, DIMS.layers, PER_LAYER])], {}, 'per_layer_inputs');
  g.output('per_layer_inputs', 'float32', ['batch_size', 'sequence_length', DIMS.layers, PER_LAYER]);
  return g.encode();
}

function visionGraph(): Uint8Array {
  const g = new GraphBuilder('tiny-gemma4-vision-encoder');
  const pixels = g.input('pixel_values', 'float32', ['num_images', 'max_patches', PATCH_DIM]);
  const positions = g.input('pixel_position_ids', 'int64', ['num_images', 'max_patches', 2]);
  const proj = g.weight('patch_embed', randomWeights(63, PATCH_DIM * DIMS.hidden, 0.05), [PATCH_DIM, DIMS.hidden]);
  const perPatch = g.op('Tanh', [g.op('MatMul', [pixels, proj])]);
  const flat = g.op('Reshape', [perPatch, g.ints([-1, DIMS.hidden])]);
  // A real patch has a column position ≥ 0; padding patches carry −1.
  const column = g.op('Gather', [positions, g.ints([0], [])], { axis: 2 });
  const real = g.op('Reshape', [g.op('GreaterOrEqual', [column, g.ints([0], [])]), g.ints([-1])]);
  g.op('Compress', [flat, real], { axis: 0 }, 'image_features');
  g.output('image_features', 'float32', ['num_soft_tokens', DIMS.hidden]);
  return g.encode();
}

function audioGraph(): Uint8Array {
  const g = new GraphBuilder('tiny-gemma4-audio-encoder');
  const features = g.input('input_features', 'float32', ['batch_size', 'num_frames', MEL_BINS]);
  const mask = g.input('input_features_mask', 'bool', ['batch_size', 'num_frames']);
  // Two convolutions, kernel 3, stride 2, padding 1: ⌈frames / 2⌉ then ⌈· / 2⌉ (the processor's count).
  // Small weights: log-mel values reach −7 (silence), and a saturated tanh would hear every sound alike.
  const conv = (x: string, inCh: number, seed: number, scale: number) =>
    g.op('Tanh', [
      g.op(
        'Conv',
        [x, g.weight(`conv${seed}`, randomWeights(seed, DIMS.hidden * inCh * 3, scale), [DIMS.hidden, inCh, 3])],
        {
          kernel_shape: [3],
          strides: [2],
          pads: [1, 1],
        },
      ),
    ]);
  const channelsFirst = g.op('Transpose', [features], { perm: [0, 2, 1] });
  const sub = conv(conv(channelsFirst, MEL_BINS, 64, 0.01), DIMS.hidden, 65, 0.3);
  const tokensOut = g.op('Transpose', [sub], { perm: [0, 2, 1] });
  // The mask subsampled the same way: a token is real if the frame it starts on is.
  const every2 = (m: string) => g.op('Slice', [m, g.ints([0]), g.ints([2 ** 62]), g.ints([1]), g.ints([2])]);
  const real = g.op('Reshape', [every2(every2(mask)), g.ints([-1])]);
  const kept = g.op('Compress', [tokensOut, real], { axis: 1 });
  g.op('Slice', [kept, g.ints([0]), g.ints([AUDIO_SEQ_LENGTH]), g.ints([1])], {}, 'audio_features');
  g.output('audio_features', 'float32', ['batch_size', 'audio_tokens', DIMS.hidden]);
  return g.encode();
}

function decoderGraph(vocab: number): Uint8Array {
  const g = new GraphBuilder('tiny-gemma4-decoder-merged');
  const x = g.input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', DIMS.hidden]);
  const perLayer = g.input('per_layer_inputs', 'float32', ['batch_size', 'sequence_length', DIMS.layers, PER_LAYER]);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  // The per-layer inputs enter the residual stream (Gemma adds a projection of them in each layer).
  const flatPerLayer = g.op('Reshape', [perLayer, g.ints([0, 0, DIMS.layers * PER_LAYER])]);
  const perLayerProj = g.weight('per_layer_proj', randomWeights(66, DIMS.layers * PER_LAYER * DIMS.hidden, 0.5), [
    DIMS.layers * PER_LAYER,
    DIMS.hidden,
  ]);
  const h0 = g.op('Add', [x, g.op('MatMul', [flatPerLayer, perLayerProj])]);
  const h = decoderStack(g, h0, DIMS, 67, { attentionMask, positionIds });
  const head = g.weight('lm_head', randomWeights(68, DIMS.hidden * vocab, 1), [DIMS.hidden, vocab]);
  g.op('MatMul', [h, head], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', 'sequence_length', vocab]);
  return g.encode();
}

export function omniLmFiles(): Record<string, Uint8Array | unknown> {
  const tok = tokens();
  const ids = tok.ids;
  const bos = ids[TOKENS.bos];
  const eos = ids[TOKENS.endTurn];
  const pad = ids[TOKENS.pad];
  const embed = embedGraph(tok.vocabSize);
  const vision = visionGraph();
  const audio = audioGraph();
  const decoder = decoderGraph(tok.vocabSize);
  const files: Record<string, Uint8Array | unknown> = {
    'config.json': {
      model_type: 'gemma4',
      architectures: ['Gemma4ForConditionalGeneration'],
      image_token_id: ids[TOKENS.image],
      audio_token_id: ids[TOKENS.audio],
      boi_token_id: ids[TOKENS.boi],
      eoi_token_id: ids[TOKENS.eoi],
      vocab_size: tok.vocabSize,
      text_config: {
        model_type: 'gemma4_text',
        vocab_size: tok.vocabSize,
        hidden_size: DIMS.hidden,
        hidden_size_per_layer_input: PER_LAYER,
        num_hidden_layers: DIMS.layers,
        num_kv_shared_layers: 0,
        num_attention_heads: DIMS.heads,
        num_key_value_heads: DIMS.heads,
        head_dim: DIMS.headDim,
        max_position_embeddings: DIMS.maxPositions,
        bos_token_id: bos,
        eos_token_id: eos,
        pad_token_id: pad,
      },
      vision_config: { model_type: 'gemma4_vision', patch_size: PATCH, hidden_size: DIMS.hidden },
      audio_config: { model_type: 'gemma4_audio', hidden_size: DIMS.hidden },
    },
    'generation_config.json': { bos_token_id: bos, eos_token_id: [eos, ids[TOKENS.eos]], pad_token_id: pad },
    'processor_config.json': {
      processor_class: 'Gemma4Processor',
      image_seq_length: MAX_SOFT_TOKENS,
      audio_seq_length: AUDIO_SEQ_LENGTH,
      audio_ms_per_token: 40,
      image_processor: {
        image_processor_type: 'Gemma4ImageProcessor',
        patch_size: PATCH,
        max_soft_tokens: MAX_SOFT_TOKENS,
        pooling_kernel_size: 1,
        do_convert_rgb: true,
        do_resize: true,
        do_rescale: true,
        rescale_factor: 1 / 255,
        resample: 3,
      },
      feature_extractor: {
        feature_extractor_type: 'Gemma4AudioFeatureExtractor',
        feature_size: MEL_BINS,
        sampling_rate: 16000,
        frame_length: 320,
        hop_length: 160,
        fft_length: 512,
        min_frequency: 0,
        max_frequency: 8000,
        mel_floor: 0.001,
        padding_value: 0,
        preemphasis: 0,
        preemphasis_htk_flavor: true,
        return_attention_mask: true,
      },
    },
    'chat_template.jinja': GEMMA_TEMPLATE,
    'tokenizer.json': tok['tokenizer.json'],
    'tokenizer_config.json': {
      ...(tok['tokenizer_config.json'] as object),
      bos_token: TOKENS.bos,
      eos_token: TOKENS.endTurn,
      pad_token: TOKENS.pad,
      image_token: TOKENS.image,
      boi_token: TOKENS.boi,
      eoi_token: TOKENS.eoi,
      audio_token: TOKENS.audio,
      boa_token: TOKENS.boa,
      eoa_token: TOKENS.eoa,
      chat_template: GEMMA_TEMPLATE,
    },
  };
  // The dtypes the app asks for: q4f16 (shader-f16) or q4 on WebGPU, fp32 in the Node tests.
  for (const suffix of ['', '_q4', '_q4f16']) {
    files[`onnx/embed_tokens${suffix}.onnx`] = embed;
    files[`onnx/vision_encoder${suffix}.onnx`] = vision;
    files[`onnx/audio_encoder${suffix}.onnx`] = audio;
    files[`onnx/decoder_model_merged${suffix}.onnx`] = decoder;
  }
  return files;
}
