/**
 * Streamed text crosses from a worker to the page at most once per interval (a frame), not once per
 * token: each crossing is a message the page must handle, and on a fast model they cost more than
 * the tokens. Text is merged, never dropped or reordered; a section opening or closing sends what is
 * pending first and then itself at once.
 */
import type { ParseEvent, Section } from './parser.ts';

/** One message per frame at 60 Hz at most. */
export const STREAM_INTERVAL_MS = 16;

export interface Coalescer<T> {
  push(item: T): void;
  /** Sends whatever is pending (call at the end of a generation). */
  flush(): void;
}

/** Merges text pushed within `intervalMs` of the last send; the first text goes at once. */
export function coalesceText(
  send: (text: string) => void,
  now: () => number = () => performance.now(),
  intervalMs = STREAM_INTERVAL_MS,
): Coalescer<string> {
  let pending = '';
  let last = -Infinity;
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending;
    pending = '';
    last = now();
    send(text);
  };
  return {
    push(text) {
      pending += text;
      if (now() - last >= intervalMs) flush();
    },
    flush,
  };
}

/** The same for parser events: consecutive text of one section is merged; open and close go at once. */
export function coalesceEvents(
  send: (event: ParseEvent) => void,
  now: () => number = () => performance.now(),
  intervalMs = STREAM_INTERVAL_MS,
): Coalescer<ParseEvent> {
  let section: Section | null = null;
  const text = coalesceText((t) => send({ type: 'text', section, text: t }), now, intervalMs);
  return {
    push(event) {
      if (event.type !== 'text') {
        text.flush();
        send(event);
        return;
      }
      if (event.section !== section) {
        text.flush();
        section = event.section;
      }
      text.push(event.text);
    },
    flush: () => text.flush(),
  };
}
