import { describe, expect, it } from 'vitest';
import { cpuCaps, manifest } from '../test-support/tiny-hub.ts';
import { useTinyHub } from '../test-support/use-tiny-hub.ts';
import { STAND_INS } from '../../scripts/tiny-models/stand-ins.ts';
import { findModel } from '../core/manifest.ts';
import { RawImage } from '@huggingface/transformers';
import { appendIds, generateStreamed, loadPipeline, loadVisionLM, sectionDecoder, visionChatInputs } from './hub.ts';
import { guidedExplanation } from '../core/mi/guided.ts';
import { modalityImportance } from '../core/mi/importance.ts';
import { sectionOrder } from '../core/mi/parser.ts';
import { planSections } from '../core/mi/prompts.ts';
import { EMOTIONS, labelsFromConfig, toDistribution } from '../core/labels.ts';

const caps = cpuCaps;

const hub = useTinyHub();

describe('hub models on their tiny stand-ins (Node, onnxruntime-node)', () => {
  it('every hub model in the manifest has a tiny stand-in', () => {
    const hubIds = manifest.models.flatMap((m) => (m.source.kind === 'hub' ? [m.source.id] : []));
    const missing = hubIds.filter((id) => !(id in STAND_INS));
    // Families arrive with their issues; this list must only shrink.
    expect(missing).toEqual([]);
  });

  /** A 16 kHz test signal: a tone with a loudness envelope. */
  function tone(seconds: number, hz: number, gain: number): Float32Array {
    const out = new Float32Array(Math.round(seconds * 16000));
    for (let i = 0; i < out.length; i++)
      out[i] = gain * Math.sin((2 * Math.PI * hz * i) / 16000) * Math.sin((Math.PI * i) / out.length);
    return out;
  }

  type Scored = { label: string; score: number }[];

  it('text emotion: GoEmotions labels with independent (sigmoid) scores', async () => {
    const entry = findModel(manifest, 'roberta-go-emotions');
    const { run, choice } = await loadPipeline('text-classification', entry, caps);
    expect(choice).toMatchObject({ device: 'wasm', dtype: 'q8' });
    const calm = (await run('Thank you, that is lovely.', { top_k: null })) as Scored;
    const other = (await run("Don't forget a jacket!", { top_k: null })) as Scored;
    expect(calm.map((s) => s.label).sort()).toEqual([...(entry.labels ?? [])].sort());
    expect(calm.every((s) => s.score > 0 && s.score < 1)).toBe(true);
    expect(Math.abs(calm.reduce((a, s) => a + s.score, 0) - 1)).toBeGreaterThan(0.01); // multi-label, not softmax
    expect(other).not.toEqual(calm);
  });

  it('facial expression (ViT): the seven labels of the hub model, softmax scores, image-dependent', async () => {
    const entry = findModel(manifest, 'vit-facial-emotions');
    const { run, choice } = await loadPipeline('image-classification', entry, caps);
    expect(choice.dtype).toBe('q8');
    const dark = new RawImage(new Uint8ClampedArray(64 * 48 * 3).fill(30), 64, 48, 3);
    const bright = new RawImage(
      new Uint8ClampedArray(64 * 48 * 3).map((_, i) => (i % 3 === 0 ? 250 : 120)),
      64,
      48,
      3,
    );
    const a = (await run(dark, { top_k: null })) as Scored;
    const b = (await run(bright, { top_k: null })) as Scored;
    expect(a.map((s) => s.label).sort()).toEqual([...(entry.labels ?? [])].sort());
    expect(a.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 5);
    expect(b).not.toEqual(a);
  });

  it('speech emotion (wav2vec2, pinned to main): 16 kHz audio in, its own id2label read and mapped to the seven classes', async () => {
    const entry = findModel(manifest, 'speech-emotion-wav2vec2');
    expect(entry.source).toMatchObject({ revision: 'main', seenCommit: '57f53c4' });
    const { run, choice, warmUpMs } = await loadPipeline('audio-classification', entry, caps);
    expect(choice.dtype).toBe('q8');
    expect(warmUpMs).toBeGreaterThan(0); // run on a dummy second of audio before the first real utterance
    expect(hub.requests).toContain(
      'onnx-community/Speech-Emotion-Classification-ONNX/resolve/main/onnx/model_quantized.onnx',
    );
    const { labels, unmapped } = labelsFromConfig(
      (run as unknown as { model: { config: { id2label: unknown } } }).model.config.id2label,
    );
    expect(unmapped).toEqual([]);
    expect(labels).toHaveLength(8);
    // top_k is capped at the label count: every label comes back.
    const soft = (await run(tone(1.5, 180, 0.1), { top_k: 64 })) as Scored;
    const loud = (await run(tone(1.5, 320, 0.9), { top_k: 64 })) as Scored;
    expect(soft.map((s) => s.label).sort()).toEqual([...labels].sort());
    expect(soft.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 5);
    expect(loud).not.toEqual(soft);
    const d = toDistribution(
      labels.map((l) => soft.find((s) => s.label === l)!.score),
      labels,
    );
    expect(d).toHaveLength(7);
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('speech-to-text (Moonshine): raw audio → encoder → merged decoder with caches → text', async () => {
    const entry = findModel(manifest, 'moonshine-base');
    const { run, choice } = await loadPipeline('automatic-speech-recognition', entry, caps);
    expect(choice.dtype).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'q8' });
    const rev = entry.source.kind === 'hub' ? entry.source.revision : '';
    expect(hub.requests).toContain(
      `onnx-community/moonshine-base-ONNX/resolve/${rev}/onnx/decoder_model_merged_quantized.onnx`,
    );
    const out = (await run(tone(2, 200, 0.5))) as { text: string };
    expect(typeof out.text).toBe('string');
    expect(out.text.length).toBeGreaterThan(0);
  });

  it('vision LM (SmolVLM layout): image tokens expanded, image changes the text, cache = no cache', async () => {
    const entry = findModel(manifest, 'smolvlm-256m');
    const lm = await loadVisionLM(entry, caps);
    expect(lm.choice.dtype).toEqual({ embed_tokens: 'fp32', vision_encoder: 'fp32', decoder_model_merged: 'q8' });
    const messages = [
      { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe the face.' }] },
    ] as unknown as Parameters<typeof visionChatInputs>[1];
    const face = (shade: number) =>
      new RawImage(
        new Uint8ClampedArray(96 * 96 * 3).map((_, i) => (i % 3 === 1 ? shade : 200 - shade / 2)),
        96,
        96,
        3,
      );
    const inputs = await visionChatInputs(lm, messages, [face(40)]);
    const imageToken = (lm.model.config as unknown as { image_token_id: number }).image_token_id;
    const ids = Array.from(inputs.input_ids.data as BigInt64Array, Number);
    expect(ids.filter((t) => t === imageToken).length).toBe(64);
    expect(inputs.pixel_values!.dims).toEqual([1, 1, 3, 512, 512]);
    const opened = appendIds(inputs, Array.from(new TextEncoder().encode('<vis_desc>')));
    const cached = await generateStreamed(lm, opened, { maxNewTokens: 10 });
    const uncached: number[] = [];
    for (let i = 0; i < cached.length; i++) {
      const [next] = await generateStreamed(lm, appendIds(opened, uncached), { maxNewTokens: 1 });
      uncached.push(next as number);
    }
    expect(cached.length).toBe(10);
    expect(uncached).toEqual(cached);
    const other = await generateStreamed(
      lm,
      appendIds(await visionChatInputs(lm, messages, [face(220)]), Array.from(new TextEncoder().encode('<vis_desc>'))),
      { maxNewTokens: 10 },
    );
    expect(other).not.toEqual(cached);
    // MI-guided decoding with the face crop, and without one (a window with no face): its chat template takes both.
    const peaked = (emotion: string, p: number) => EMOTIONS.map((e) => (e === emotion ? p : (1 - p) / 6));
    const voiceOnly = modalityImportance([{ modality: 'voice', distribution: peaked('sad', 0.7), reliability: 0.8 }])!;
    const voice = { voice: { modality: 'voice' as const, reading: { emotion: 'sad' as const, p: 0.7 }, cues: [] } };
    const sectionCaps = { aud_desc: 5, think: 5, answer: 3 };
    for (const images of [[face(40)], []]) {
      const result = await guidedExplanation(
        planSections(voiceOnly, 'migr'),
        voice,
        voiceOnly,
        sectionDecoder(lm, { images }),
        { caps: sectionCaps },
      );
      expect(sectionOrder(result.text)).toEqual(['aud_desc', 'think', 'answer']);
      expect(result.tokens).toBeGreaterThan(3);
    }
  });
});
