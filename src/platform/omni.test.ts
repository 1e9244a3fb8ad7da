/**
 * The Omni explainer's loading and decoding code on its tiny stand-in (Gemma 4 layout:
 * embed_tokens with per-layer inputs, vision and audio encoders, merged decoder), in Node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubServer } from '../../scripts/tiny-models/hub-server.ts';
import { cpuCaps, manifest, startTinyHub } from '../test-support/tiny-hub.ts';
import { migrCase } from '../test-support/migr-case.ts';
import { EMOTIONS } from '../core/labels.ts';
import { AUDIO_SEQ_LENGTH } from '../../scripts/tiny-models/omni-lm.ts';
import { decodeWav } from '../core/audio/wav.ts';
import { findModel, type ModelEntry } from '../core/manifest.ts';
import { guidedExplanation } from '../core/mi/guided.ts';
import { sectionOrder } from '../core/mi/parser.ts';
import { planSections } from '../core/mi/prompts.ts';
import { appendIds, generateStreamed, loadOmniLM, omniChatInputs, sectionDecoder, type OmniLM } from './hub.ts';

const caps = cpuCaps;
const SPEECH = join(import.meta.dirname, '../../e2e/fixtures/speech');

function speech(label: string): Float32Array {
  const dir = join(SPEECH, label);
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.wav'))
    .sort()[0] as string;
  const { samples, sampleRate } = decodeWav(new Uint8Array(readFileSync(join(dir, file))));
  expect(sampleRate).toBe(16000);
  return samples;
}

let hub: HubServer;
let lm: OmniLM;
const entry = findModel(manifest, 'gemma4-e2b');
/** The app offers Omni on WebGPU only; onnxruntime-node has no WebGPU, so the same entry on the CPU. */
const onCpu: ModelEntry = { ...entry, devices: ['wasm'], dtype: { wasm: 'q4' } };

beforeAll(async () => {
  hub = await startTinyHub();
  lm = await loadOmniLM(onCpu, caps);
});
afterAll(() => hub.close());

const face = (shade: number) =>
  new RawImage(
    new Uint8ClampedArray(80 * 64 * 3).map((_, i) => (i % 3 === 1 ? shade : 200 - shade / 2)),
    80,
    64,
    3,
  );
const ask = (media: ('image' | 'audio')[]) =>
  [
    { role: 'user', content: [...media.map((type) => ({ type })), { type: 'text', text: 'What is felt?' }] },
  ] as unknown as Parameters<typeof omniChatInputs>[1];
const config = () => lm.model.config as unknown as { image_token_id: number; audio_token_id: number };
const count = (ids: BigInt64Array, token: number) => Array.from(ids, Number).filter((t) => t === token).length;

describe('Omni explainer on its tiny stand-in (Gemma 4 layout, Node)', () => {
  it('loads the four sessions of the pinned revision with the dtype asked for', () => {
    expect(lm.choice).toMatchObject({ device: 'wasm', dtype: 'q4' });
    const rev = entry.source.kind === 'hub' ? entry.source.revision : '';
    for (const session of ['embed_tokens', 'vision_encoder', 'audio_encoder', 'decoder_model_merged']) {
      expect(hub.requests).toContain(`FINAL-Bench/Darwin-2B-webgpu/resolve/${rev}/onnx/${session}_q4.onnx`);
    }
    expect(hub.requests).toContain(`FINAL-Bench/Darwin-2B-webgpu/resolve/${rev}/processor_config.json`);
  });

  it('expands the sound to as many soft tokens as its length gives (40 ms each), whatever the padding', async () => {
    for (const samples of [16000, 16050, 23999]) {
      const audio = speech('angry').slice(0, samples);
      const inputs = await omniChatInputs(lm, ask(['audio']), null, audio);
      const expected = Math.floor((Math.floor((Math.floor((samples + 160 - 321) / 160) + 1 - 1) / 2) + 1 - 1) / 2) + 1;
      expect(count(inputs.input_ids.data as BigInt64Array, config().audio_token_id)).toBe(expected);
      expect(inputs.input_features!.dims[2]).toBe(128);
      // The audio encoder gives exactly as many features: generation would throw on a mismatch.
      expect(await generateStreamed(lm, inputs, { maxNewTokens: 2 })).toHaveLength(2);
    }
    expect(AUDIO_SEQ_LENGTH).toBe(750);
  });

  it('the image and the sound both change what it writes; cache = no cache', async () => {
    const audio = speech('angry');
    const open = Array.from(new TextEncoder().encode('<aud_desc>'));
    const both = appendIds(await omniChatInputs(lm, ask(['image', 'audio']), face(40), audio), open);
    // 80×64 resized, aspect kept, to at most 16 patches of 16 px: 64×48, 4×3 patches, one soft token each.
    expect(count(both.input_ids.data as BigInt64Array, config().image_token_id)).toBe(4 * 3);
    const cached = await generateStreamed(lm, both, { maxNewTokens: 8 });
    const uncached: number[] = [];
    for (let i = 0; i < cached.length; i++) {
      const [next] = await generateStreamed(lm, appendIds(both, uncached), { maxNewTokens: 1 });
      uncached.push(next as number);
    }
    expect(uncached).toEqual(cached);
    const otherFace = await generateStreamed(
      lm,
      appendIds(await omniChatInputs(lm, ask(['image', 'audio']), face(220), audio), open),
      {
        maxNewTokens: 8,
      },
    );
    const otherVoice = await generateStreamed(
      lm,
      appendIds(await omniChatInputs(lm, ask(['image', 'audio']), face(40), speech('sad')), open),
      { maxNewTokens: 8 },
    );
    expect(otherFace).not.toEqual(cached);
    expect(otherVoice).not.toEqual(cached);
  });

  it('MI-guided decoding hears the utterance and sees the face: sections in MI order, within caps', async () => {
    const { mi, evidence } = migrCase();
    const sectionCaps = { aud_desc: 6, vis_desc: 6, think: 6, answer: 3 };
    const plan = planSections(mi, 'migr');
    const texts: string[] = [];
    for (const context of [
      { images: [face(40)], audio: speech('angry') },
      { audio: speech('angry') },
      { images: [face(40)] },
      {},
    ]) {
      const result = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm, context), { caps: sectionCaps });
      expect(sectionOrder(result.text)).toEqual(['aud_desc', 'vis_desc', 'think', 'answer']);
      for (const s of result.sections) {
        // The reasoned answer is one of the seven labels (constrained decoding), whatever its token count.
        if (s.section === 'answer') expect(EMOTIONS as readonly string[]).toContain(s.text);
        else expect(s.tokens).toBeLessThanOrEqual(sectionCaps[s.section as keyof typeof sectionCaps]);
      }
      texts.push(result.text);
    }
    // With and without the sound, the model writes differently: the audio reaches it.
    expect(texts[0]).not.toEqual(texts[2]);
  });
});
