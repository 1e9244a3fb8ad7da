/**
 * A byte-level BPE tokenizer with no merges (every byte is one token), in the
 * tokenizer.json format transformers.js reads, plus ChatML special tokens and
 * the explanation's section tags as added tokens. Written by the repo itself,
 * so the fixtures need nothing from the hub.
 */

/** GPT-2's reversible byte → printable character map. */
function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    map[b] = printable.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  }
  return map;
}

export const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;
export const SECTION_TAGS = [
  '<vis_desc>',
  '</vis_desc>',
  '<aud_desc>',
  '</aud_desc>',
  '<txt_desc>',
  '</txt_desc>',
  '<think>',
  '</think>',
  '<answer>',
  '</answer>',
] as const;

/** ChatML, as SmolLM2-Instruct uses (without its default system message). */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export interface TokenizerFiles {
  readonly 'tokenizer.json': unknown;
  readonly 'tokenizer_config.json': unknown;
  readonly vocabSize: number;
  readonly ids: Readonly<Record<string, number>>;
}

/** `extraTokens` are appended after the section tags (e.g. image placeholders). */
export function byteLevelTokenizer(extraTokens: readonly { content: string; special: boolean }[] = []): TokenizerFiles {
  const chars = bytesToUnicode();
  const vocab: Record<string, number> = {};
  chars.forEach((c, i) => (vocab[c] = i));
  const added = [
    ...SPECIAL_TOKENS.map((content) => ({ content, special: true })),
    ...SECTION_TAGS.map((content) => ({ content, special: false })),
    ...extraTokens,
  ];
  const ids: Record<string, number> = {};
  const addedTokens = added.map(({ content, special }, i) => {
    const id = 256 + i;
    vocab[content] = id;
    ids[content] = id;
    return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special };
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: [],
    },
  };
  const config = {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: '<|im_start|>',
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    add_bos_token: false,
    add_prefix_space: false,
    clean_up_tokenization_spaces: false,
    model_max_length: 4096,
    chat_template: CHATML_TEMPLATE,
  };
  return { 'tokenizer.json': tokenizer, 'tokenizer_config.json': config, vocabSize: 256 + added.length, ids };
}
