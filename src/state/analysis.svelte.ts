/**
 * Analysis windows: at an utterance's end the face pooled over its span, the voice and (Standard) the words
 * go through fusion and Modality Importance; while nobody speaks, face-only sliding windows. Each window is
 * explained in MI order and visual-first by the template or, when loaded, the LLM (MI-guided decoding),
 * read by the verifier; the MI-ordered one streams into the page (explanation-stream.svelte.ts).
 */
import type { Counterfactual } from '../core/mi/what-if.ts';
import type { EvidenceSet } from '../core/mi/evidence.ts';
import { sessionCsv, sessionExport, type SessionExport } from '../core/mi/export.ts';
import type { ModalityReading } from '../core/mi/fusion.ts';
import { modalityImportance } from '../core/mi/importance.ts';
import type { ParseEvent } from '../core/mi/parser.ts';
import { planSections } from '../core/mi/prompts.ts';
import type { SentenceJudge } from '../core/mi/verifier.ts';
import {
  facePart,
  keepBest,
  modelExplanation,
  templateExplanation,
  voicePart,
  windowInputs,
  withTemplateFallback,
  wordsPart,
  type AnalysisWindow,
  type VoiceInput,
  type WordsReading,
} from '../core/mi/window.ts';
import { faceSpan, type WindowPool } from '../core/vision/smoothing.ts';
import { measureAtPaint } from '../platform/measure.ts';
import type { ImageInput } from '../workers/protocol.ts';
import type { LlmExplainer } from './explainer.svelte.ts';
import { ExplanationStream } from './explanation-stream.svelte.ts';
import { WindowReview } from './review.svelte.ts';
import { WhatIfChoice } from './what-if.svelte.ts';

/** While nobody speaks: a face-only window this long, this often… */
export const SLIDING_WINDOW_MS = 4000;
/** …starting this long after the last speech, so an utterance's explanation can be read first. */
export const SLIDING_AFTER_SPEECH_MS = 15000;

export class AnalysisSession {
  windows: AnalysisWindow[] = $state.raw([]);
  /** What if? The modalities left out of the shown window, and every what-if shown (for the export). */
  readonly whatIf = new WhatIfChoice();
  /** Windows made, and windows given their MI-ordered explanation, since the page opened (the soak's figures). */
  made = $state(0);
  explained = $state(0);
  current: AnalysisWindow | null = $state.raw(null);
  /** The MI-ordered explanation of the current window, as streamed so far. */
  readonly stream = new ExplanationStream();
  /** The LLM explainer, when the Standard tier loaded one; null: the template writes. */
  explainer: LlmExplainer | null = null;
  /** The newest face crop, for an explainer that sees images. */
  faceImage: (() => ImageInput | null) | null = null;
  /** Reads an explanation sentence's emotion for the verifier: the text-emotion model when loaded, else the lexicon. */
  judge: SentenceJudge | null = null;
  /** Best of N: how many candidate explanations the LLM writes per order (the first greedy and streamed). */
  candidates = $state(1);
  /** Which window the MI, what-if and explanation panels show: the newest, or one chosen on the timeline. */
  readonly review: WindowReview = new WindowReview(this);

  #nextId = 1;
  #busy = false;
  #queued: { window: AnalysisWindow; reportedAt: number; audio: Float32Array | null } | null = null;
  /** A what-if asked for while the explainer was busy: written next. */
  #whatIfQueued: { key: string; counterfactual: Counterfactual } | null = null;

  /**
   * A window from an utterance: the face (its reading and cues) pooled over the utterance's span; `words` is
   * what the Standard tier heard, when it is on; `samples` (16 kHz) go to an explainer that hears (Omni).
   */
  async addUtterance(
    u: VoiceInput & { readonly startAt: number; readonly endAt: number; readonly decidedAt?: number },
    facePool: WindowPool | null,
    words: WordsReading | null = null,
    samples: Float32Array | null = null,
  ): Promise<void> {
    // Utterance-end timings (the benchmark's) start at the voice detector's decision in the worker.
    const t = u.decidedAt ?? performance.now();
    const face = facePool?.pool(...faceSpan(u.startAt, u.endAt, performance.now())) ?? null;
    const { readings, evidence } = windowInputs([facePart(face, true), voicePart(u), wordsPart(words)]);
    await this.#window('utterance', u.startAt, u.endAt, readings, evidence, t, samples);
  }

  /** A face-only window over the last few seconds, while nobody speaks (skipped while an explanation is written). */
  async addSliding(now: number, facePool: WindowPool | null): Promise<void> {
    if (this.#busy || this.stream.streaming) return;
    const face = facePool?.pool(now - SLIDING_WINDOW_MS, now) ?? null;
    const { readings, evidence } = windowInputs([facePart(face, false)]);
    await this.#window('sliding', now - SLIDING_WINDOW_MS, now, readings, evidence, performance.now());
  }

  async #window(
    kind: AnalysisWindow['kind'],
    startAt: number,
    endAt: number,
    readings: ModalityReading[],
    evidence: EvidenceSet,
    reportedAt: number,
    samples: Float32Array | null = null,
  ): Promise<void> {
    const mi = modalityImportance(readings);
    if (!mi) return;
    const latencyMs = performance.now() - reportedAt;
    const explainer = this.explainer;
    const base = { id: this.#nextId++, kind, startAt, endAt, mi, readings, evidence, latencyMs, note: null };
    if (explainer && kind === 'utterance') {
      const window: AnalysisWindow = { ...base, explanations: {} };
      this.#publish(window);
      measureAtPaint('attend-first:utterance-to-mi', reportedAt);
      const audio = explainer.hearsAudio ? samples : null;
      if (this.#busy) {
        // The newest window waits; an older waiting one is skipped by the LLM (it would be stale when its turn
        // came) and written by the template instead, so that no window is left without an explanation.
        this.#skipQueued('A newer window came while the explainer was busy, so the template wrote this one.');
        this.#queued = { window, reportedAt, audio };
        return;
      }
      void this.#runLlm(explainer, window, reportedAt, audio);
      return;
    }
    const window: AnalysisWindow = {
      ...base,
      explanations: {
        migr: await templateExplanation(mi, evidence, 'migr', this.judge),
        'visual-first': await templateExplanation(mi, evidence, 'visual-first', this.judge),
      },
    };
    this.#publish(window);
    if (kind === 'utterance') measureAtPaint('attend-first:utterance-to-mi', reportedAt);
    void this.stream.words(window.explanations.migr!.text, () =>
      measureAtPaint('attend-first:utterance-to-first-token', reportedAt),
    );
  }

  /** The waiting window, if any, is written by the template (with `note`) instead of the LLM. */
  #skipQueued(note: string): void {
    const queued = this.#queued;
    this.#queued = null;
    if (queued) void this.#byTemplate(queued.window, note);
  }

  /** The template writes what a window lacks (or what was stopped), with `note` saying why; its explanations. */
  async #byTemplate(window: AnalysisWindow, note: string): Promise<AnalysisWindow['explanations']> {
    const current = this.windows.find((w) => w.id === window.id) ?? window;
    const explanations = await withTemplateFallback(current.explanations, window.mi, window.evidence, this.judge);
    this.#update(window.id, (w) => ({ ...w, explanations, note }));
    return explanations;
  }

  #publish(window: AnalysisWindow): void {
    if (!this.windows.some((w) => w.id === window.id)) {
      this.made++;
      if (window.explanations.migr) this.explained++;
    }
    this.windows = [...this.windows.filter((w) => w.id !== window.id).slice(-99), window];
    if (!this.current || this.current.id <= window.id) this.current = window;
  }

  #update(id: number, change: (w: AnalysisWindow) => AnalysisWindow): void {
    const old = this.windows.find((w) => w.id === id);
    if (!old) return;
    const next = change(old);
    if (!old.explanations.migr && next.explanations.migr) this.explained++;
    this.windows = this.windows.map((w) => (w.id === id ? next : w));
    if (this.current?.id === id) this.current = next;
  }

  /** The MI-ordered explanation streamed from the LLM, then the visual-first one for comparison. */
  async #runLlm(
    explainer: LlmExplainer,
    window: AnalysisWindow,
    reportedAt: number,
    audio: Float32Array | null,
  ): Promise<void> {
    this.#busy = true;
    const stream = this.stream.begin();
    let first = true;
    const onEvent = (e: ParseEvent) => {
      if (first && e.type === 'text') {
        first = false;
        measureAtPaint('attend-first:utterance-to-first-token', reportedAt);
      }
      this.stream.apply(stream, [e]);
    };
    try {
      for (const order of ['migr', 'visual-first'] as const) {
        if (order === 'visual-first' && this.#queued) break; // a newer window is waiting: it comes first
        const plan = planSections(window.mi, order);
        const image = explainer.seesImage ? (this.faceImage?.() ?? null) : null;
        const written = (onText: (e: ParseEvent) => void, sample: boolean) =>
          explainer.explain(plan, window.evidence, window.mi, onText, image, sample, audio, order);
        const result = await written(order === 'migr' ? onEvent : () => {}, false);
        let explanation = await modelExplanation(result, plan, order, window, explainer.name, this.judge);
        if (this.candidates > 1 && !result.stopped) {
          // Best of N: more candidates, sampled; the reward keeps the best (the first on a tie).
          this.#update(window.id, (w) => ({ ...w, explanations: { ...w.explanations, [order]: explanation } }));
          const texts = [result.text];
          for (let k = 1; k < this.candidates && !this.#queued; k++) {
            const c = await written(() => {}, true);
            if (c.stopped) break;
            texts.push(c.text);
          }
          explanation = await keepBest(explanation, texts, window.mi, window.evidence, this.judge);
          if (order === 'migr' && explanation.bestOf && explanation.bestOf.index !== 0)
            this.stream.replace(stream, explanation.text);
        }
        this.#update(window.id, (w) => ({ ...w, explanations: { ...w.explanations, [order]: explanation } }));
        if (order === 'migr') this.stream.end(stream);
        if (result.stopped) {
          this.#update(window.id, (w) => ({ ...w, note: 'Stopped.' }));
          break;
        }
      }
    } catch (e) {
      // The window keeps an explanation: the template writes what the model could not.
      const message = e instanceof Error ? e.message : String(e);
      const fallback = await this.#byTemplate(
        window,
        `The explainer failed (${message}); the template wrote this explanation.`,
      );
      this.stream.replace(stream, fallback.migr!.text);
    } finally {
      this.stream.end(stream);
      this.#next();
    }
  }

  /**
   * The explainer is free: a what-if the visitor asked for meanwhile is written first, then a window that
   * waited (by the template, if the explainer was unloaded before its turn).
   */
  #next(): void {
    this.#busy = false;
    const explainer = this.explainer;
    const whatIf = this.#whatIfQueued;
    this.#whatIfQueued = null;
    if (whatIf && explainer) return void this.#writeWhatIf(explainer, whatIf.key, whatIf.counterfactual);
    if (whatIf) this.whatIf.end(whatIf.key, 'The explainer was unloaded before this what-if was written.');
    const queued = this.#queued;
    if (queued && explainer) {
      this.#queued = null;
      void this.#runLlm(explainer, queued.window, queued.reportedAt, explainer.hearsAudio ? queued.audio : null);
    } else {
      this.#skipQueued("The explainer was unloaded before this window's turn, so the template wrote it.");
    }
  }

  /**
   * What if? written by the LLM, on request: the shown window without the modalities left out, explained in
   * MIGR order from the remaining evidence and streamed into `whatIf.written`. While the explainer is busy
   * with a window, the what-if waits (and says so) and is written next, before any window waiting its turn.
   */
  async explainWhatIf(window: AnalysisWindow): Promise<void> {
    const explainer = this.explainer;
    const key = this.whatIf.key(window);
    const c = this.whatIf.counterfactual(window);
    if (!explainer || key === null || !c?.mi) return;
    this.whatIf.begin(key, explainer.name, this.#busy);
    if (this.#busy) {
      this.#whatIfQueued = { key, counterfactual: c };
      return;
    }
    await this.#writeWhatIf(explainer, key, c);
  }

  async #writeWhatIf(explainer: LlmExplainer, key: string, c: Counterfactual): Promise<void> {
    this.#busy = true;
    this.whatIf.start(key);
    try {
      await explainer.explain(c.plan, c.evidence, c.mi!, (e) => this.whatIf.apply(key, [e]), null, false, null, 'migr');
      this.whatIf.end(key);
    } catch (e) {
      this.whatIf.end(key, `The explainer failed (${e instanceof Error ? e.message : String(e)}).`);
    } finally {
      this.#next();
    }
  }

  /** The session as plain data, for the page's export (core/mi/export.ts `sessionExport`). */
  exportData(meta: Record<string, unknown>): SessionExport {
    return sessionExport(this.windows, meta, undefined, this.whatIf.shown());
  }

  /** The session as CSV, one row per window. */
  exportCsv(): string {
    return sessionCsv(this.windows, this.whatIf.shown());
  }

  /** Stop: the template's streaming ends, an LLM stops after its current token. */
  stop(): void {
    this.#skipQueued('Stopped before its turn: the template wrote this explanation.');
    if (this.#whatIfQueued) this.whatIf.end(this.#whatIfQueued.key, 'Stopped before it was written.');
    this.#whatIfQueued = null;
    this.explainer?.stop();
    this.stream.cancel();
  }
}
