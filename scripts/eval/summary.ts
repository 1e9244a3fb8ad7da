/**
 * The evaluation's figures from its per-item results: WAR/UAR per modality and fused, how often each
 * modality dominated, and per order the paper's consistency and reliability rates with the paired test;
 * as a Markdown table; several runs (shards) merged.
 */
import { EMOTIONS, type Emotion } from '../../src/core/labels.ts';
import { type ExplanationOrder } from '../../src/core/mi/prompts.ts';
import { mcnemarExact } from './stats.ts';
import type { ItemResult } from './evaluate.ts';

export interface Rates {
  /** Items where this modality was present (had a reading, or could have: its kind carries it). */
  readonly n: number;
  readonly war: number;
  readonly uar: number;
}

export function summarise(results: readonly ItemResult[]) {
  /** WAR/UAR over the items whose kind carries the modality; an item with no reading counts as wrong. */
  const rates = (pick: (r: ItemResult) => Emotion | null, has: (r: ItemResult) => boolean): Rates => {
    const present = results.filter(has);
    const war = present.filter((r) => pick(r) === r.label).length / Math.max(1, present.length);
    const classes = EMOTIONS.filter((e) => present.some((r) => r.label === e));
    const recalls = classes.map((e) => {
      const of = present.filter((r) => r.label === e);
      return of.filter((r) => pick(r) === e).length / of.length;
    });
    return { n: present.length, war, uar: recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length) };
  };
  /**
   * The paper's reliability metric for one explanation order: correct = the explanation's **own answer** is
   * the label; inconsistent = the whole-text judge (`<think>` only) reads another emotion. Unjudged
   * reasoning (none, or naming no emotion) is neither, and counted. Over all items and over the items the
   * explanation got right; the by-sentence judge's figures beside them; the own answer agreeing with the
   * fused prediction; mean tokens per second (LLM explainers).
   */
  const order = (o: ExplanationOrder) => {
    const explained = results.flatMap((r) => (r.explanations ? [{ r, x: r.explanations[o] }] : []));
    const correct = explained.filter(({ r, x }) => x.answer === r.label);
    const wholeJudged = explained.filter(({ x }) => x.wholeConsistent !== null);
    const sentenceJudged = explained.filter(({ x }) => x.consistent !== null);
    const inconsistent = correct.filter(({ x }) => x.wholeConsistent === false).length;
    const inconsistentBySentence = correct.filter(({ x }) => x.consistent === false).length;
    const speeds = explained.flatMap(({ x }) => (x.tokensPerSecond === null ? [] : [x.tokensPerSecond]));
    const share = (k: number, n: number) => k / Math.max(1, n);
    return {
      explained: explained.length,
      own_answer_war: share(correct.length, explained.length),
      correct: correct.length,
      judged: wholeJudged.length,
      unjudged: explained.length - wholeJudged.length,
      consistency: share(wholeJudged.filter(({ x }) => x.wholeConsistent).length, wholeJudged.length),
      correct_but_inconsistent_all: share(inconsistent, results.length),
      correct_but_inconsistent_correct: share(inconsistent, correct.length),
      by_sentence: {
        judged: sentenceJudged.length,
        consistency: share(sentenceJudged.filter(({ x }) => x.consistent).length, sentenceJudged.length),
        correct_but_inconsistent_all: share(inconsistentBySentence, results.length),
        correct_but_inconsistent_correct: share(inconsistentBySentence, correct.length),
      },
      answer_agreement: share(
        explained.filter(({ r, x }) => x.answer !== null && x.answer === r.fused).length,
        explained.length,
      ),
      tokens_per_s: speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : null,
    };
  };
  /** Correct but inconsistent (whole judge), per item and order. */
  const failed = (r: ItemResult, o: ExplanationOrder) =>
    r.explanations !== null && r.explanations[o].answer === r.label && r.explanations[o].wholeConsistent === false;
  /** Both orders' rates over a subset, with McNemar's exact test on its discordant items. */
  const compare = (subset: readonly ItemResult[]) => {
    const migrOnly = subset.filter((r) => failed(r, 'migr') && !failed(r, 'visual-first')).length;
    const visualOnly = subset.filter((r) => failed(r, 'visual-first') && !failed(r, 'migr')).length;
    return {
      n: subset.length,
      migr: subset.filter((r) => failed(r, 'migr')).length / Math.max(1, subset.length),
      visual_first: subset.filter((r) => failed(r, 'visual-first')).length / Math.max(1, subset.length),
      migr_only: migrOnly,
      visual_first_only: visualOnly,
      p: mcnemarExact(migrOnly, visualOnly),
    };
  };
  const windows = results.filter((r) => r.explanations !== null);
  const ordersDiffer = (r: ItemResult) =>
    r.explanations!.migr.plan.join(',') !== r.explanations!['visual-first'].plan.join(',');
  const dominant: Record<string, number> = {};
  for (const r of results) dominant[r.dominant ?? 'none'] = (dominant[r.dominant ?? 'none'] ?? 0) + 1;
  return {
    items: results.length,
    clips: results.filter((r) => r.kind === 'clip').length,
    face: rates(
      (r) => r.face,
      (r) => r.kind !== 'audio',
    ),
    voice: rates(
      (r) => r.voice,
      (r) => r.kind !== 'image',
    ),
    words: rates(
      (r) => r.words,
      (r) => r.words !== null,
    ),
    fused: rates(
      (r) => r.fused,
      () => true,
    ),
    dominant,
    judge: 'lexicon (the Node eval loads no text-emotion model)',
    orders: { migr: order('migr'), visual_first: order('visual-first') },
    /** The paper's metric on the items whose two plans put the sections in different orders: paired. */
    paired: compare(windows.filter((r) => r.modalities > 1 && ordersDiffer(r))),
    /** Two or more modalities in the same order (face-led): only the reasoning's wording differs. */
    same_order: compare(windows.filter((r) => r.modalities > 1 && !ordersDiffer(r))),
    /** One modality: the plans cannot differ in order. */
    one_modality: compare(windows.filter((r) => r.modalities === 1)),
  };
}

export function markdown(s: ReturnType<typeof summarise>): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const row = (name: string, r: Rates) =>
    `| ${name} | ${r.n} | ${r.n ? pct(r.war) : '–'} | ${r.n ? pct(r.uar) : '–'} |`;
  return [
    `| ${s.items} items (${s.clips} clips) | n | WAR | UAR |`,
    '|---|---|---|---|',
    row('face (Lite)', s.face),
    row('voice (Lite)', s.voice),
    ...(s.words.n ? [row('words', s.words)] : []),
    row('fused', s.fused),
    '',
    `Dominant modality: ${Object.entries(s.dominant)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    `Explanations read back by the verifier against their own answer; judge: ${s.judge}. Correct = the explanation's own answer is the label; inconsistent = its \`<think>\` read whole implies another emotion.`,
    '',
    '| explanation order | own answer right | consistent (of judged) | unjudged | correct and inconsistent (of all items) | (of own answers right) | by sentence: (of all) | own answer = fused | tokens/s |',
    '|---|---|---|---|---|---|---|---|---|',
    ...(
      [
        ['MIGR (MI order)', s.orders.migr],
        ['visual-first', s.orders.visual_first],
      ] as const
    ).map(
      ([name, o]) =>
        `| ${name} | ${pct(o.own_answer_war)} (n ${o.explained}) | ${pct(o.consistency)} (n ${o.judged}) | ${o.unjudged} | ${pct(o.correct_but_inconsistent_all)} (n ${s.items}) | ${pct(o.correct_but_inconsistent_correct)} (n ${o.correct}) | ${pct(o.by_sentence.correct_but_inconsistent_all)} | ${pct(o.answer_agreement)} | ${o.tokens_per_s === null ? '–' : o.tokens_per_s.toFixed(0)} |`,
    ),
    '',
    '| correct and inconsistent, per item | n | MIGR | visual-first | only MIGR | only visual-first | McNemar exact p |',
    '|---|---|---|---|---|---|---|',
    ...(
      [
        ['paired: the plans differ in order', s.paired],
        ['same order in both', s.same_order],
        ['one modality (plans cannot differ)', s.one_modality],
      ] as const
    ).map(
      ([name, c]) =>
        `| ${name} | ${c.n} | ${pct(c.migr)} | ${pct(c.visual_first)} | ${c.migr_only} | ${c.visual_first_only} | ${c.p.toFixed(3)} |`,
    ),
  ].join('\n');
}

/** The results of several runs (e.g. shards) as one: rows concatenated, an item twice refused. */
export function mergeResults(runs: readonly { results: readonly ItemResult[] }[]): ItemResult[] {
  const seen = new Set<string>();
  const out: ItemResult[] = [];
  for (const run of runs) {
    for (const r of run.results) {
      if (seen.has(r.item)) throw new Error(`${r.item} is in more than one of the merged results`);
      seen.add(r.item);
      out.push(r);
    }
  }
  return out;
}
