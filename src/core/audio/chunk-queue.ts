/**
 * A bounded first-in, first-out queue for the audio worker, which may fall behind the microphone on a
 * busy machine: beyond `max` waiting items the oldest are dropped, and counted, so memory stays bounded
 * and the page can say that audio was lost.
 */
export class DropOldestQueue<T> {
  readonly #items: T[] = [];
  #dropped = 0;

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error('a queue holds at least one item');
  }

  push(item: T): void {
    this.#items.push(item);
    while (this.#items.length > this.max) {
      this.#items.shift();
      this.#dropped++;
    }
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  get length(): number {
    return this.#items.length;
  }

  /** Items dropped so far. */
  get dropped(): number {
    return this.#dropped;
  }
}
