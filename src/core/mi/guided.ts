/**
 * MI-guided decoding: the order of an LLM's explanation is enforced while it
 * is decoded, not hoped for. For each planned section the app asks for that
 * section with its modality's own evidence (a new user turn: re-grounding),
 * opens the section's tag itself at the start of the assistant's turn, and
 * stops the model at the closing tag or at the section's token cap — then
 * closes the tag itself and moves on. The model cannot reorder, skip or
 * merge sections, whatever it writes; its text inside a section is data
 * (tags and markup in it are neutralised).
 *
 * Pure: the model sits behind a SectionDecoder (the hub worker's, or a test's).
 */
import type { EvidenceSet } from './evidence.ts';
import type { ModalityImportance } from './importance.ts';
import type { ParseEvent, Section } from './parser.ts';
import { EMOTIONS } from '../labels.ts';
import { SYSTEM_PROMPT, sectionPrompt, type AnswerMode, type ExplanationOrder } from './prompts.ts';

export interface ChatTurn {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** One section to decode: the conversation so far, the app-written start of the answer, where to stop. */
export interface SectionRequest {
  /** Ends with the user turn that asks for this section. */
  readonly turns: readonly ChatTurn[];
  /** Written by the app at the start of the assistant's turn: the opened tag. */
  readonly prefix: string;
  /** Generation ends once the generated text contains this string. */
  readonly stop: string;
  readonly maxNewTokens: number;
  /**
   * The section must be exactly one of these strings: the decoder allows only tokens that continue one
   * of them, then the stop string (the reasoned answer: one of the seven labels, chosen by the model).
   */
  readonly choices?: readonly string[];
}

export interface SectionOutput {
  /** The generated text (the stop string and anything after it may be included). */
  readonly text: string;
  readonly tokens: number;
  /** The user pressed Stop. */
  readonly interrupted: boolean;
  /** ms from the request to the first generated token, if any. */
  readonly ttftMs: number | null;
  /** Prompt tokens, and how many of them came from a cache kept from the previous section. */
  readonly promptTokens?: number;
  readonly cachedPromptTokens?: number;
}

export type SectionDecoder = (request: SectionRequest, onText: (text: string) => void) => Promise<SectionOutput>;

/** Token caps per section: a model that never closes a tag stops here. */
export const SECTION_TOKEN_CAP: Readonly<Record<Section, number>> = {
  vis_desc: 72,
  aud_desc: 72,
  txt_desc: 72,
  think: 72,
  answer: 8,
};

export const GUIDED_SYSTEM_PROMPT = `${SYSTEM_PROMPT} Each request names one part; write only that part, then close its tag.`;

export interface GuidedSection {
  readonly section: Section;
  readonly text: string;
  /** The model closed the tag itself (false: the app closed it at the cap, or on Stop). */
  readonly closedByModel: boolean;
  readonly tokens: number;
}

export interface GuidedResult {
  /** The whole explanation in the section format, tags written by the app. */
  readonly text: string;
  /** Whether the model reasoned to its own answer or was told ŷ. */
  readonly mode: AnswerMode;
  /**
   * The reasoning prompt named the dominant modality (MIGR, reasoned, `nameDominant`): a hint at the answer,
   * since that modality alone reads ŷ.
   */
  readonly hinted: boolean;
  readonly sections: readonly GuidedSection[];
  readonly stopped: boolean;
  readonly tokens: number;
  readonly ttftMs: number | null;
  /** Tokens per second over the sections' generation time (prompt reading included). */
  readonly tokensPerSecond: number | null;
  /** Prompt tokens over all sections, and how many of them a kept KV cache spared reading again. */
  readonly promptTokens?: number;
  readonly cachedPromptTokens?: number;
}

export interface GuidedOptions {
  readonly caps?: Partial<Record<Section, number>>;
  /** Reason, then answer among the seven labels (the default), or the dictated answer ŷ. */
  readonly mode?: AnswerMode;
  /** The plan's order: `visual-first`, the baseline, writes with no Modality Importance in its prompts. */
  readonly order?: ExplanationOrder;
  /** MIGR only, a labelled option: the reasoning prompt names the dominant modality (see PromptOptions). */
  readonly nameDominant?: boolean;
  /** Streamed as the explanation forms: open, text, close — in plan order, always. */
  readonly onEvent?: (event: ParseEvent) => void;
  readonly now?: () => number;
}

/** Model text made inert inside a section: no tag, no markup, no control characters. */
export function sanitizeSectionText(text: string): string {
  return text
    .replace(/(?![\t\n])\p{Cc}/gu, '')
    .replace(/</g, '‹')
    .replace(/>/g, '›');
}

/**
 * Watches streamed text for a stop string, holding back a tail that could be
 * the start of it, so no part of the stop string is ever shown.
 */
export class StopScanner {
  readonly #stop: string;
  #held = '';
  #done = false;

  constructor(stop: string) {
    this.#stop = stop;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Returns the text that is certainly before the stop string. */
  feed(chunk: string): string {
    if (this.#done) return '';
    const text = this.#held + chunk;
    const at = text.indexOf(this.#stop);
    if (at >= 0) {
      this.#done = true;
      this.#held = '';
      return text.slice(0, at);
    }
    let keep = Math.min(this.#stop.length - 1, text.length);
    while (keep > 0 && !this.#stop.startsWith(text.slice(text.length - keep))) keep--;
    this.#held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** End of generation without the stop string: the held tail was text after all. */
  flush(): string {
    const rest = this.#done ? '' : this.#held;
    this.#held = '';
    return rest;
  }
}

function userTurn(section: Section, evidence: EvidenceSet, mi: ModalityImportance, options: GuidedOptions): string {
  const prompt = sectionPrompt(section, evidence, mi, {
    mode: options.mode ?? 'reasoned',
    order: options.order ?? 'migr',
    nameDominant: options.nameDominant ?? false,
  });
  return `${prompt}\nWrite it inside <${section}> and </${section}>.`;
}

export async function guidedExplanation(
  plan: readonly Section[],
  evidence: EvidenceSet,
  mi: ModalityImportance,
  decode: SectionDecoder,
  options: GuidedOptions = {},
): Promise<GuidedResult> {
  const now = options.now ?? (() => performance.now());
  const emit = options.onEvent ?? (() => {});
  const mode = options.mode ?? 'reasoned';
  const turns: ChatTurn[] = [{ role: 'system', content: GUIDED_SYSTEM_PROMPT }];
  const sections: GuidedSection[] = [];
  let tokens = 0;
  let promptTokens = 0;
  let cachedPromptTokens = 0;
  let ttftMs: number | null = null;
  let stopped = false;
  const start = now();
  for (const section of plan) {
    const open = `<${section}>`;
    const close = `</${section}>`;
    turns.push({ role: 'user', content: userTurn(section, evidence, mi, options) });
    const choices = mode === 'reasoned' && section === 'answer' ? EMOTIONS : undefined;
    emit({ type: 'open', section });
    const scanner = new StopScanner(close);
    let body = '';
    const show = (raw: string) => {
      const text = sanitizeSectionText(raw);
      if (!text) return;
      body += text;
      emit({ type: 'text', section, text });
    };
    const requestedAt = now();
    let out: SectionOutput;
    try {
      out = await decode(
        {
          turns: [...turns],
          prefix: open,
          stop: close,
          maxNewTokens: options.caps?.[section] ?? SECTION_TOKEN_CAP[section],
          ...(choices ? { choices } : {}),
        },
        (chunk) => show(scanner.feed(chunk)),
      );
    } catch (e) {
      emit({ type: 'close', section });
      throw e;
    }
    if (ttftMs === null && out.ttftMs !== null) ttftMs = requestedAt - start + out.ttftMs;
    // The decoder's full text is the reference: streamed chunks may have lagged behind it.
    const closedByModel = out.text.includes(close);
    const full = sanitizeSectionText(closedByModel ? out.text.slice(0, out.text.indexOf(close)) : out.text);
    if (full.startsWith(body) && full.length > body.length) show(full.slice(body.length));
    else if (!closedByModel) show(scanner.flush());
    const text = body.trim();
    emit({ type: 'close', section });
    sections.push({ section, text, closedByModel, tokens: out.tokens });
    tokens += out.tokens;
    promptTokens += out.promptTokens ?? 0;
    cachedPromptTokens += out.cachedPromptTokens ?? 0;
    turns.push({ role: 'assistant', content: `${open}${text}${close}` });
    if (out.interrupted) {
      stopped = true;
      break;
    }
  }
  const seconds = (now() - start) / 1000;
  return {
    text: sections.map((s) => `<${s.section}>${s.text}</${s.section}>`).join(''),
    mode,
    hinted: mode === 'reasoned' && (options.order ?? 'migr') === 'migr' && options.nameDominant === true,
    sections,
    stopped,
    tokens,
    ttftMs,
    tokensPerSecond: tokens > 0 && seconds > 0 ? tokens / seconds : null,
    promptTokens,
    cachedPromptTokens,
  };
}
