/**
 * The MI-ordered explanation of the newest window as it streams into the page, section by section: from
 * an LLM's tokens or the template's words, through the section parser. Each stream has an id; a newer
 * stream (or Stop) makes an older one's late events count for nothing.
 */
import { SectionParser, type ParseEvent } from '../core/mi/parser.ts';
import { applyParseEvents, type StreamedSection } from '../core/mi/window.ts';

/** The pause between the template's words, ms (a model's tokens come at about this pace). */
const WORD_MS = 18;

export class ExplanationStream {
  sections: StreamedSection[] = $state([]);
  streaming = $state(false);
  #id = 0;

  /** A new stream replaces what was shown; its id. */
  begin(): number {
    this.streaming = true;
    this.sections = [];
    return ++this.#id;
  }

  apply(id: number, events: readonly ParseEvent[]): void {
    if (id === this.#id) applyParseEvents(this.sections, events);
  }

  /** The whole text at once, instead of what streamed (a best-of candidate kept, the template after a failure). */
  replace(id: number, text: string): void {
    if (id !== this.#id) return;
    this.sections = [];
    this.apply(id, new SectionParser().feed(text));
  }

  end(id: number): void {
    if (id === this.#id) this.streaming = false;
  }

  /** Stop: what streams now ends, and its late events are dropped. */
  cancel(): void {
    this.#id++;
    this.streaming = false;
  }

  /**
   * The template's text word by word, like a model's tokens (whole, for visitors who ask for less motion);
   * `onFirst` when the first word is shown.
   */
  async words(text: string, onFirst: () => void): Promise<void> {
    const id = this.begin();
    const parser = new SectionParser();
    const reduced = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    for (const [i, piece] of (reduced ? [text] : text.split(/(?<=\s)/)).entries()) {
      if (id !== this.#id) return;
      this.apply(id, parser.feed(piece));
      if (i === 0) onFirst();
      await new Promise((r) => setTimeout(r, WORD_MS));
    }
    this.apply(id, parser.end());
    this.end(id);
  }
}
