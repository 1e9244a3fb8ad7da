/**
 * The causal LM (SmolLM2 layout) on its tiny stand-in in Node (onnxruntime-node), served by the tiny hub:
 * loading, streaming, stopping, caches, MI-guided decoding and best of N.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuCaps, manifest } from '../test-support/tiny-hub.ts';
import { useTinyHub } from '../test-support/use-tiny-hub.ts';
import { migrCase } from '../test-support/migr-case.ts';
import type { FileProgress } from '../core/loader.ts';
import { findModel } from '../core/manifest.ts';
import {
  chatPromptIds,
  generateStreamed,
  idsInputs,
  loadCausalLM,
  sectionDecoder,
  SharedStopCriteria,
  PromptCache,
  WindowedTextStreamer,
  type CausalLM,
} from './hub.ts';
import { guidedExplanation, SECTION_TOKEN_CAP } from '../core/mi/guided.ts';
import { parseSections, sectionOrder, type ParseEvent } from '../core/mi/parser.ts';
import { planSections } from '../core/mi/prompts.ts';
import { bestOf } from '../core/mi/reward.ts';
import { EMOTIONS } from '../core/labels.ts';

const caps = cpuCaps;

const hub = useTinyHub();

describe('causal LM (SmolLM2 layout)', () => {
  const entry = findModel(manifest, 'smollm2-135m');
  let lm: CausalLM;
  const progress: FileProgress[] = [];

  beforeAll(async () => {
    lm = await loadCausalLM(entry, caps, (p) => progress.push(p));
  });

  it('loads the pinned revision with the dtype chosen for the device', () => {
    expect(lm.choice).toMatchObject({ device: 'wasm', dtype: 'q4' });
    const rev = entry.source.kind === 'hub' ? entry.source.revision : '';
    expect(hub.requests).toContain(`HuggingFaceTB/SmolLM2-135M-Instruct/resolve/${rev}/onnx/model_q4.onnx`);
    expect(hub.requests).toContain(`HuggingFaceTB/SmolLM2-135M-Instruct/resolve/${rev}/tokenizer.json`);
    expect(progress.some((p) => p.file === 'onnx/model_q4.onnx' && p.done)).toBe(true);
  });

  it('streams tokens before generation ends', async () => {
    const prompt = chatPromptIds(lm, [{ role: 'user', content: 'Describe the voice.' }]);
    expect(lm.tokenizer.decode(prompt)).toBe(
      '<|im_start|>user\nDescribe the voice.<|im_end|>\n<|im_start|>assistant\n',
    );
    const streamed: number[] = [];
    let textChunks = 0;
    const ids = await generateStreamed(lm, idsInputs(prompt), {
      maxNewTokens: 20,
      onToken: (id) => streamed.push(id),
      onText: () => textChunks++,
    });
    expect(ids.length).toBeGreaterThan(0);
    expect(streamed).toEqual(ids);
    expect(textChunks).toBeGreaterThan(0);
  });

  it('streams whole characters only, and the streamed text adds up to the decoded text', () => {
    const text = 'Hé said 😀 — “fine” </aud_desc> ok';
    const ids = lm.tokenizer.encode(text, { add_special_tokens: false });
    // Byte-level: the emoji and the quotes span several tokens each.
    expect(lm.tokenizer.encode('😀', { add_special_tokens: false }).length).toBe(4);
    const chunks: string[] = [];
    const tokens: number[] = [];
    const streamer = new WindowedTextStreamer(lm.tokenizer, {
      skipSpecialTokens: true,
      onText: (t) => chunks.push(t),
      onToken: (t) => tokens.push(t),
    });
    streamer.put([[1n, 2n, 3n]]); // the prompt: skipped
    for (const id of ids) streamer.put([[BigInt(id)]]);
    streamer.end();
    expect(tokens).toEqual(ids);
    expect(chunks.join('')).toBe(text);
    expect(chunks.some((c) => c.includes('\uFFFD'))).toBe(false);
    expect(chunks.length).toBeGreaterThan(20);
  });

  it('gives the same greedy tokens with the KV cache as without it', async () => {
    const prompt = Array.from(new TextEncoder().encode('<vis_desc>The brows'));
    const cached = await generateStreamed(lm, idsInputs(prompt), { maxNewTokens: 12 });
    // Without a cache: every step re-reads the whole sequence from an empty cache.
    const uncached: number[] = [];
    for (let i = 0; i < cached.length; i++) {
      const [next] = await generateStreamed(lm, idsInputs([...prompt, ...uncached]), { maxNewTokens: 1 });
      uncached.push(next as number);
    }
    expect(cached.length).toBe(12);
    expect(uncached).toEqual(cached);
    // Not a degenerate model: the continuation varies and depends on the prompt.
    expect(new Set(cached).size).toBeGreaterThan(2);
    const other = await generateStreamed(lm, idsInputs(Array.from(new TextEncoder().encode('<aud_desc>The pitch'))), {
      maxNewTokens: 12,
    });
    expect(other).not.toEqual(cached);
  });

  describe('MI-guided decoding', () => {
    const { mi, evidence } = migrCase();

    it('the random model writes its sections in MI order, streamed, each within its cap', async () => {
      const plan = planSections(mi, 'migr');
      expect(plan[0]).toBe('aud_desc');
      const events: { e: ParseEvent; t: number }[] = [];
      const caps = { aud_desc: 10, vis_desc: 10, think: 10, answer: 4 };
      const result = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm), {
        caps,
        onEvent: (e) => events.push({ e, t: performance.now() }),
      });
      const end = performance.now();
      expect(sectionOrder(result.text)).toEqual(plan);
      for (const s of result.sections)
        if (s.section !== 'answer') expect(s.tokens).toBeLessThanOrEqual(caps[s.section as keyof typeof caps]);
      expect(result.tokens).toBeGreaterThan(plan.length);
      // Text arrives while later sections are still to be generated.
      const firstText = events.find((x) => x.e.type === 'text');
      expect(firstText).toBeDefined();
      expect(firstText!.t).toBeLessThan(events.filter((x) => x.e.type === 'open').at(-1)!.t);
      expect(firstText!.t).toBeLessThan(end);
      expect(result.ttftMs).not.toBeNull();
      // The baseline for the same window: face first.
      const baseline = await guidedExplanation(planSections(mi, 'visual-first'), evidence, mi, sectionDecoder(lm), {
        caps,
      });
      expect(sectionOrder(baseline.text)).toEqual(['vis_desc', 'aud_desc', 'think', 'answer']);
    });

    it('reasons, then gives its own answer, decoded under a constraint to the seven labels; dictated is the option', async () => {
      const plan = planSections(mi, 'migr');
      const caps = { aud_desc: 8, vis_desc: 8, think: 8, answer: 4 };
      for (const order of ['migr', 'visual-first'] as const) {
        const reasoned = await guidedExplanation(planSections(mi, order), evidence, mi, sectionDecoder(lm), { caps });
        expect(reasoned.mode).toBe('reasoned');
        // A random model, and still a label: only tokens that continue one of the seven (then the closing tag) are allowed.
        expect(EMOTIONS as readonly string[]).toContain(parseSections(reasoned.text).answer);
        expect(reasoned.sections.at(-1)!.closedByModel).toBe(true);
      }
      const dictated = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm), { caps, mode: 'dictated' });
      expect(dictated.mode).toBe('dictated');
      expect(dictated.sections.at(-1)!.tokens).toBeLessThanOrEqual(caps.answer);
    });

    it('keeps the KV cache from one section to the next: the same text, most of each later prompt not read again', async () => {
      const plan = planSections(mi, 'migr');
      const caps = { aud_desc: 10, vis_desc: 10, think: 10, answer: 4 };
      const kept = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm), { caps });
      const fresh = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm, { reuseCache: false }), { caps });
      expect(kept.text).toBe(fresh.text);
      expect(fresh.cachedPromptTokens).toBe(0);
      expect(kept.promptTokens).toBe(fresh.promptTokens);
      // Every section after the first shares the conversation so far with the previous one.
      expect(kept.cachedPromptTokens!).toBeGreaterThan(0.5 * kept.promptTokens!);
    });

    it('a kept cache is cut back to the tokens a new prompt shares with it, and gives the uncached tokens', async () => {
      const enc = (t: string) => Array.from(new TextEncoder().encode(t));
      const cache = new PromptCache();
      await generateStreamed(lm, idsInputs(enc('<aud_desc>The pitch rises and the voice')), {
        maxNewTokens: 6,
        onCache: (c, sequence) => cache.store(c, sequence),
      });
      // Shares its first 15 tokens ("<aud_desc>The p" is 15 bytes) with the stored sequence, then differs.
      const prompt = enc('<aud_desc>The pace is slow and even');
      const hit = cache.lookup(prompt)!;
      expect(hit.length).toBe(15);
      expect(hit.past.get_seq_length()).toBe(15);
      const withCache = await generateStreamed(lm, idsInputs(prompt), { maxNewTokens: 8, past: hit.past });
      const without = await generateStreamed(lm, idsInputs(prompt), { maxNewTokens: 8 });
      expect(withCache).toEqual(without);
      expect(cache.lookup(enc('Xyz'))).toBeNull();
    });

    it('best-of-N candidates: sampled ones differ from the greedy one, keep the plan, and the reward picks one', async () => {
      const plan = planSections(mi, 'migr');
      const caps = { aud_desc: 12, vis_desc: 12, think: 12, answer: 4 };
      const greedy = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm), { caps });
      const again = await guidedExplanation(plan, evidence, mi, sectionDecoder(lm), { caps });
      expect(again.text).toBe(greedy.text);
      const sampled = [];
      for (let i = 0; i < 3; i++) {
        sampled.push(
          await guidedExplanation(plan, evidence, mi, sectionDecoder(lm, { sample: { temperature: 0.7, topK: 40 } }), {
            caps,
          }),
        );
      }
      for (const c of sampled) expect(sectionOrder(c.text)).toEqual(plan);
      expect(sampled.some((c) => c.text !== greedy.text)).toBe(true);
      const best = await bestOf([greedy.text, ...sampled.map((c) => c.text)], plan, mi.prediction, evidence);
      expect(best!.rewards.length).toBe(4);
      expect(best!.rewards[best!.index]!.total).toBe(Math.max(...best!.rewards.map((r) => r.total)));
    });

    it('stops a section at its closing string, decoded across tokens', async () => {
      const decode = sectionDecoder(lm);
      const turns = [{ role: 'user' as const, content: 'Describe the voice.' }];
      const free = await decode({ turns, prefix: '<aud_desc>', stop: '\u0000never', maxNewTokens: 24 }, () => {});
      expect(free.tokens).toBe(24);
      // Pretend a three-character piece of what the model writes anyway is the closing tag.
      const stop = free.text.slice(9, 12);
      const at = free.text.indexOf(stop);
      expect(at).toBeGreaterThan(0);
      const cut = await decode({ turns, prefix: '<aud_desc>', stop, maxNewTokens: 24 }, () => {});
      expect(cut.tokens).toBeLessThan(24);
      expect(cut.text.indexOf(stop)).toBe(at);
      expect(free.text.startsWith(cut.text)).toBe(true);
    });

    it('Stop (the shared flag) ends the explanation after the current section', async () => {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const decode = sectionDecoder(lm, {
        stoppingCriteria: [new SharedStopCriteria(flag)],
        interrupted: () => Atomics.load(flag, 0) !== 0,
      });
      const plan = planSections(mi, 'migr');
      const result = await guidedExplanation(plan, evidence, mi, decode, {
        // Pressed as the first section opens: it ends within a token or two.
        onEvent: (e) => {
          if (e.type === 'open') Atomics.store(flag, 0, 1);
        },
      });
      expect(result.stopped).toBe(true);
      expect(result.sections.length).toBe(1);
      expect(result.sections[0]!.tokens).toBeLessThanOrEqual(2);
      expect(result.sections[0]!.tokens).toBeLessThan(SECTION_TOKEN_CAP.aud_desc);
    });
  });

  it('names the model when a file is missing', async () => {
    const broken = {
      ...entry,
      source: { kind: 'hub' as const, id: 'nobody/missing-model', revision: 'a'.repeat(40) },
    };
    await expect(loadCausalLM(broken, caps)).rejects.toThrow(
      /Could not load SmolLM2 135M Instruct.*nobody\/missing-model@aaaaaaa/,
    );
  });
});
