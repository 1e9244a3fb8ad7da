/**
 * Classifier families in the transformers.js layouts of the hub models the
 * app uses, each with the real model's label set so the app's label mapping
 * is exercised too:
 * - audio (wav2vec2 ForSequenceClassification): input_values → logits
 * - text (roberta ForSequenceClassification, GoEmotions): input_ids, attention_mask → logits
 * - image (ViT ForImageClassification): pixel_values → logits
 * The graphs pool their input and project it, so different inputs give
 * different scores; the weights are random, the layout is exact.
 */
import { GraphBuilder } from './onnx-builder.ts';
import { randomWeights } from './rng.ts';
import { byteLevelTokenizer } from './tokenizer.ts';

export const SPEECH_EMOTION_LABELS = ['angry', 'calm', 'disgust', 'fearful', 'happy', 'neutral', 'sad', 'surprised'];
export const GO_EMOTIONS_LABELS = [
  'admiration',
  'amusement',
  'anger',
  'annoyance',
  'approval',
  'caring',
  'confusion',
  'curiosity',
  'desire',
  'disappointment',
  'disapproval',
  'disgust',
  'embarrassment',
  'excitement',
  'fear',
  'gratitude',
  'grief',
  'joy',
  'love',
  'nervousness',
  'optimism',
  'pride',
  'realization',
  'relief',
  'remorse',
  'sadness',
  'surprise',
  'neutral',
];
/** Xenova/facial_emotions_image_detection, config.json id2label. */
export const FACIAL_EMOTION_LABELS = ['sad', 'disgust', 'angry', 'neutral', 'fear', 'surprise', 'happy'];

function labelMaps(labels: readonly string[]) {
  return {
    id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
  };
}

/** [batch, k] features → logits [batch, labels] through a random projection. */
function project(g: GraphBuilder, features: string, k: number, labels: number, seed: number): void {
  const weights = g.weight('classifier.weight', randomWeights(seed, k * labels, 2), [k, labels]);
  const bias = g.weight('classifier.bias', randomWeights(seed + 1, labels, 0.1), [labels]);
  g.op('Add', [g.op('MatMul', [features, weights]), bias], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', labels]);
}

export function audioClassifierFiles(): Record<string, Uint8Array | unknown> {
  const g = new GraphBuilder('tiny-wav2vec2-classifier');
  const x = g.input('input_values', 'float32', ['batch_size', 'sequence_length']);
  const stats = [
    g.op('ReduceMean', [x], { axes: [1], keepdims: 1 }),
    g.op('ReduceMean', [g.op('Abs', [x])], { axes: [1], keepdims: 1 }),
    g.op('ReduceMax', [x], { axes: [1], keepdims: 1 }),
    g.op('ReduceMin', [x], { axes: [1], keepdims: 1 }),
  ];
  project(g, g.op('Concat', stats, { axis: 1 }), 4, SPEECH_EMOTION_LABELS.length, 11);
  const graph = g.encode();
  return {
    'config.json': {
      model_type: 'wav2vec2',
      architectures: ['Wav2Vec2ForSequenceClassification'],
      ...labelMaps(SPEECH_EMOTION_LABELS),
      problem_type: 'single_label_classification',
    },
    'preprocessor_config.json': {
      feature_extractor_type: 'Wav2Vec2FeatureExtractor',
      feature_size: 1,
      sampling_rate: 16000,
      padding_value: 0,
      padding_side: 'right',
      do_normalize: true,
      return_attention_mask: false,
    },
    'onnx/model.onnx': graph,
    'onnx/model_fp16.onnx': graph,
    'onnx/model_q4.onnx': graph,
    'onnx/model_quantized.onnx': graph,
  };
}

export function textClassifierFiles(): Record<string, Uint8Array | unknown> {
  const tok = byteLevelTokenizer();
  const hidden = 16;
  const g = new GraphBuilder('tiny-roberta-classifier');
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const embed = g.weight('embeddings', randomWeights(21, tok.vocabSize * hidden, 1), [tok.vocabSize, hidden]);
  const x = g.op('Gather', [embed, ids], { axis: 0 });
  const m = g.op('Cast', [mask], { to: 1 });
  const summed = g.op('ReduceSum', [g.op('Mul', [x, g.op('Unsqueeze', [m, g.ints([2])])]), g.ints([1])], {
    keepdims: 0,
  });
  const count = g.op('Max', [g.op('ReduceSum', [m, g.ints([1])], { keepdims: 1 }), g.scalar(1)]);
  project(g, g.op('Tanh', [g.op('Div', [summed, count])]), hidden, GO_EMOTIONS_LABELS.length, 22);
  const graph = g.encode();
  return {
    'config.json': {
      model_type: 'roberta',
      architectures: ['RobertaForSequenceClassification'],
      ...labelMaps(GO_EMOTIONS_LABELS),
      problem_type: 'multi_label_classification',
      vocab_size: tok.vocabSize,
    },
    'tokenizer.json': tok['tokenizer.json'],
    'tokenizer_config.json': { ...(tok['tokenizer_config.json'] as object), chat_template: undefined },
    'onnx/model.onnx': graph,
    'onnx/model_quantized.onnx': graph,
  };
}

export function imageClassifierFiles(): Record<string, Uint8Array | unknown> {
  const size = 224;
  const g = new GraphBuilder('tiny-vit-classifier');
  const x = g.input('pixel_values', 'float32', ['batch_size', 3, size, size]);
  const stats = [
    g.op('ReduceMean', [x], { axes: [2, 3], keepdims: 0 }),
    g.op('ReduceMax', [x], { axes: [2, 3], keepdims: 0 }),
  ];
  project(g, g.op('Concat', stats, { axis: 1 }), 6, FACIAL_EMOTION_LABELS.length, 31);
  const graph = g.encode();
  return {
    'config.json': {
      model_type: 'vit',
      architectures: ['ViTForImageClassification'],
      ...labelMaps(FACIAL_EMOTION_LABELS),
      image_size: size,
      num_channels: 3,
      problem_type: 'single_label_classification',
    },
    'preprocessor_config.json': {
      image_processor_type: 'ViTImageProcessor',
      do_resize: true,
      size: { height: size, width: size },
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    },
    'onnx/model.onnx': graph,
    'onnx/model_fp16.onnx': graph,
    'onnx/model_quantized.onnx': graph,
  };
}
