/**
 * The KV cache of a prompt kept from one section of MI-guided decoding to
 * the next (text-only LM on the CPU): the longest shared token prefix is
 * reused and the cache cut back to it.
 */
import { DynamicCache, Tensor } from '@huggingface/transformers';

/** The first `length` positions of a KV cache held in CPU memory; null if any entry lives on a GPU. */
export function cropCache(cache: DynamicCache, length: number): DynamicCache | null {
  const entries: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(cache)) {
    if (!(t instanceof Tensor) || t.location !== 'cpu') return null;
    entries[name] = t.dims.at(-2) === length ? t : t.slice(null, null, [0, length], null);
  }
  return new DynamicCache(entries);
}

/**
 * A prompt cache for MI-guided decoding with a text-only LM on the CPU: each section's prompt repeats
 * the previous section's prompt and answer, so the KV cache of the longest shared prefix of tokens is
 * kept and only the rest is read. Sharing is checked token by token, so a re-rendered or sanitised
 * earlier turn costs only what changed.
 */
export class PromptCache {
  #ids: number[] = [];
  #cache: DynamicCache | null = null;

  /** The cache for the longest prefix of `ids` already computed (always leaving a token to read). */
  lookup(ids: readonly number[]): { past: DynamicCache; length: number } | null {
    if (!this.#cache) return null;
    const cached = this.#cache.get_seq_length();
    const limit = Math.min(cached, this.#ids.length, ids.length - 1);
    let shared = 0;
    while (shared < limit && this.#ids[shared] === ids[shared]) shared++;
    if (shared === 0) return null;
    const past = cropCache(this.#cache, shared);
    return past ? { past, length: shared } : null;
  }

  store(cache: DynamicCache, sequence: number[]): void {
    this.#cache = cache;
    this.#ids = sequence;
  }
}
