/**
 * Analysis windows: when an utterance ends, the face pooled over the same
 * span and the voice's reading go through fusion and Modality Importance;
 * the Lite explainer writes the explanation in MI order (and visual-first,
 * for comparison), the verifier reads both, and the MI-ordered one streams
 * into the page word by word.
 */
import type { EvidenceSet } from '../core/mi/evidence.ts';
import type { ModalityReading } from '../core/mi/fusion.ts';
import { modalityImportance, type ModalityImportance } from '../core/mi/importance.ts';
import { SectionParser, type Section } from '../core/mi/parser.ts';
import { planSections, type ExplanationOrder } from '../core/mi/prompts.ts';
import { composeExplanation } from '../core/mi/template.ts';
import { verifyExplanation, type Verdict } from '../core/mi/verifier.ts';
import { topEmotion } from '../core/labels.ts';
import type { WindowPool } from '../core/vision/smoothing.ts';
import type { CueEvidence } from '../core/vision/landmarks.ts';
import type { Utterance } from './audio.svelte.ts';

export interface Explanation {
  readonly order: ExplanationOrder;
  readonly plan: readonly Section[];
  readonly text: string;
  readonly verdict: Verdict;
}

export interface AnalysisWindow {
  readonly id: number;
  readonly startAt: number;
  readonly endAt: number;
  readonly mi: ModalityImportance;
  readonly evidence: EvidenceSet;
  readonly explanations: Readonly<Record<ExplanationOrder, Explanation>>;
  /** Utterance end → MI ready, ms. */
  readonly latencyMs: number;
}

export interface StreamedSection {
  readonly section: Section;
  text: string;
  closed: boolean;
}

export class AnalysisSession {
  windows: AnalysisWindow[] = $state.raw([]);
  current: AnalysisWindow | null = $state.raw(null);
  /** The MI-ordered explanation of the current window, as streamed so far. */
  streamed: StreamedSection[] = $state([]);
  streaming = $state(false);
  #stream = 0;
  #nextId = 1;

  /**
   * A window from an utterance: `faceCues` are the facial cue changes seen last, `speaking` marks that
   * mouth cues were read while the mouth was moving with speech.
   */
  async addUtterance(u: Utterance, facePool: WindowPool | null, faceCues: readonly CueEvidence[]): Promise<void> {
    const t = performance.now();
    // Timings for the benchmark, as standard performance entries: utterance reported → MI painted.
    requestAnimationFrame(() => requestAnimationFrame(() => performance.measure('attend-first:utterance-to-mi', { start: t })));
    const readings: ModalityReading[] = [];
    const evidence: EvidenceSet = {};
    const face = facePool?.pool(u.startAt, u.endAt) ?? null;
    if (face && face.reliability > 0) {
      readings.push({ modality: 'face', distribution: face.distribution, reliability: face.reliability });
      const mouth = faceCues.some((c) => c.cue.startsWith('mouth') || c.cue === 'lipPress');
      evidence.face = {
        modality: 'face',
        reading: topEmotion(face.distribution),
        cues: faceCues.map((c) => `${c.phrase} (${c.delta > 0 ? '+' : ''}${c.delta.toFixed(2)})`),
        ...(mouth ? { notes: ['mouth cues were read while speaking'] } : {}),
      };
    }
    if (u.distribution.length === 7 && u.reliability > 0) {
      readings.push({ modality: 'voice', distribution: u.distribution, reliability: u.reliability });
      evidence.voice = { modality: 'voice', reading: topEmotion(u.distribution), cues: u.cues };
    }
    const mi = modalityImportance(readings);
    if (!mi) return;
    const latencyMs = performance.now() - t;
    const explain = async (order: ExplanationOrder): Promise<Explanation> => {
      const plan = planSections(mi, order);
      const text = composeExplanation(plan, evidence, mi);
      return { order, plan, text, verdict: await verifyExplanation(text, mi.prediction) };
    };
    const window: AnalysisWindow = {
      id: this.#nextId++,
      startAt: u.startAt,
      endAt: u.endAt,
      mi,
      evidence,
      explanations: { migr: await explain('migr'), 'visual-first': await explain('visual-first') },
      latencyMs,
    };
    this.windows = [...this.windows.slice(-99), window];
    this.current = window;
    void this.#streamWords(window.explanations.migr.text, t);
  }

  /** Streams the template's text word by word, like a model's tokens, through the section parser. */
  async #streamWords(text: string, reportedAt: number): Promise<void> {
    const id = ++this.#stream;
    this.streaming = true;
    this.streamed = [];
    const parser = new SectionParser();
    const apply = (events: ReturnType<SectionParser['feed']>) => {
      for (const e of events) {
        if (e.type === 'open') this.streamed.push({ section: e.section, text: '', closed: false });
        else if (e.type === 'text' && e.section) {
          const last = this.streamed.at(-1);
          if (last && last.section === e.section) last.text += e.text;
        } else if (e.type === 'close') {
          const last = this.streamed.at(-1);
          if (last) last.closed = true;
        }
      }
    };
    let first = true;
    for (const piece of text.split(/(?<=\s)/)) {
      if (id !== this.#stream) return;
      apply(parser.feed(piece));
      if (first) {
        first = false;
        requestAnimationFrame(() => performance.measure('attend-first:utterance-to-first-token', { start: reportedAt }));
      }
      await new Promise((r) => setTimeout(r, 18));
    }
    apply(parser.end());
    if (id === this.#stream) this.streaming = false;
  }

  stop(): void {
    this.#stream++;
    this.streaming = false;
  }
}
