/**
 * A streaming parser for the explanation format
 * `<vis_desc>…</vis_desc><aud_desc>…</aud_desc><txt_desc>…</txt_desc><think>…</think><answer>…</answer>`:
 * fed arbitrary chunks (a tag may be split across them), it emits section
 * opens, text and closes as soon as they are certain. Anything that is not
 * one of the known tags — garbage, stray `<`, other markup — is text.
 */
export const SECTIONS = ['vis_desc', 'aud_desc', 'txt_desc', 'think', 'answer'] as const;
export type Section = (typeof SECTIONS)[number];

export type ParseEvent =
  | { readonly type: 'open'; readonly section: Section }
  | { readonly type: 'text'; readonly section: Section | null; readonly text: string }
  | { readonly type: 'close'; readonly section: Section };

const TAGS = SECTIONS.flatMap((s) => [`<${s}>`, `</${s}>`]);
const LONGEST = Math.max(...TAGS.map((t) => t.length));

/** Could `s` (starting with `<`) still grow into a known tag? */
function couldBeTag(s: string): boolean {
  return s.length < LONGEST && TAGS.some((t) => t.startsWith(s));
}

export class SectionParser {
  #buffer = '';
  #current: Section | null = null;

  get current(): Section | null {
    return this.#current;
  }

  feed(chunk: string): ParseEvent[] {
    this.#buffer += chunk;
    return this.#drain(false);
  }

  /** End of stream: whatever is held back is text; an open section is reported as unclosed. */
  end(): ParseEvent[] {
    return this.#drain(true);
  }

  #drain(final: boolean): ParseEvent[] {
    const events: ParseEvent[] = [];
    let text = '';
    const flushText = () => {
      if (text) events.push({ type: 'text', section: this.#current, text });
      text = '';
    };
    let i = 0;
    const b = this.#buffer;
    while (i < b.length) {
      const lt = b.indexOf('<', i);
      if (lt === -1) {
        text += b.slice(i);
        break;
      }
      text += b.slice(i, lt);
      const tag = TAGS.find((t) => b.startsWith(t, lt));
      if (tag) {
        flushText();
        const closing = tag.startsWith('</');
        const section = tag.slice(closing ? 2 : 1, -1) as Section;
        if (closing) {
          if (this.#current === section) {
            events.push({ type: 'close', section });
            this.#current = null;
          }
          // A closing tag for a section that is not open is dropped: it cannot close anything.
        } else {
          if (this.#current !== null) events.push({ type: 'close', section: this.#current }); // implicit close
          events.push({ type: 'open', section });
          this.#current = section;
        }
        i = lt + tag.length;
        continue;
      }
      const rest = b.slice(lt);
      if (!final && couldBeTag(rest)) {
        // Hold back a possible tag split across chunks.
        flushText();
        this.#buffer = rest;
        return events;
      }
      text += '<';
      i = lt + 1;
    }
    flushText();
    this.#buffer = '';
    return events;
  }
}

/** Parses a whole explanation into its sections' texts (last occurrence wins). */
export function parseSections(text: string): Partial<Record<Section, string>> {
  const parser = new SectionParser();
  const out: Partial<Record<Section, string>> = {};
  const order: Section[] = [];
  for (const e of [...parser.feed(text), ...parser.end()]) {
    if (e.type === 'open') {
      out[e.section] = '';
      order.push(e.section);
    } else if (e.type === 'text' && e.section) {
      out[e.section] = (out[e.section] ?? '') + e.text;
    }
  }
  return out;
}

/** The order in which sections were opened. */
export function sectionOrder(text: string): Section[] {
  const parser = new SectionParser();
  return [...parser.feed(text), ...parser.end()].flatMap((e) => (e.type === 'open' ? [e.section] : []));
}

/** An explanation's sections as plain sentences, in their order (for a screen reader's announcement). */
export function plainText(text: string): string {
  const sections = parseSections(text);
  return sectionOrder(text)
    .map((s) => [s, (sections[s] ?? '').trim()] as const)
    .filter(([, t]) => t !== '')
    .map(([s, t]) => (s === 'answer' ? `Answer: ${t}` : t))
    .map((t) => (/[.!?]$/.test(t) ? t : `${t}.`))
    .join(' ');
}
