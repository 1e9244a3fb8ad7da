/**
 * The stopping criteria of generation: the page's Stop button (through shared memory) and a section's
 * closing tag (the section decoder).
 */
import { StoppingCriteria, type PreTrainedTokenizer } from '@huggingface/transformers';

/**
 * Stops generation once `flag[0]` is non-zero. The flag lives in shared memory, so a Stop pressed in
 * the page lands between two tokens even while WASM inference keeps the worker's event loop busy
 * (a Stop *message* would only be read after generation had ended).
 */
export class SharedStopCriteria extends StoppingCriteria {
  readonly #flag: Int32Array;

  constructor(flag: Int32Array) {
    super();
    this.#flag = flag;
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = Atomics.load(this.#flag, 0) !== 0;
    return inputIds.map(() => stop);
  }
}

/**
 * Stops once the text generated after `promptLength` contains `stop`. A stop string may span several
 * tokens (e.g. `</aud_desc>` in SmolLM2's vocabulary), at most one per byte; since every step is
 * checked, only the newest tokens (as many as the stop string has bytes) need decoding.
 */
export class StopStringCriteria extends StoppingCriteria {
  readonly #tokenizer: PreTrainedTokenizer;
  readonly #promptLength: number;
  readonly #stop: string;
  readonly #span: number;

  constructor(tokenizer: PreTrainedTokenizer, promptLength: number, stop: string) {
    super();
    this.#tokenizer = tokenizer;
    this.#promptLength = promptLength;
    this.#stop = stop;
    this.#span = new TextEncoder().encode(stop).length;
  }

  override _call(inputIds: (number | bigint)[][]): boolean[] {
    return inputIds.map((row) => {
      const generated = row.slice(Math.max(this.#promptLength, row.length - this.#span)).map(Number);
      return this.#tokenizer.decode(generated, { skip_special_tokens: true }).includes(this.#stop);
    });
  }
}
