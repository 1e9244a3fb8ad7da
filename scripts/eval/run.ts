/**
 * `npm run eval -- --clips DIR [--json FILE] [--md FILE]`: the app's Lite
 * pipeline over labelled items with no camera — talking-face clips (face and
 * voice), still images (face only) and audio files (voice only), decoded by
 * ffmpeg, through the same pure core the app runs (vision pipeline, VAD
 * segmentation, the voice model, fusion, Modality Importance, template
 * explanations, verifier) on the bundled models through onnxruntime-node.
 * Labels come from a MANIFEST.tsv (shared/fixtures format), a labels.csv
 * (`path,label`), or the folder an item is in, mapped by name with the
 * app's one label table (anger → angry, calm → neutral, …); a label that
 * maps to no class is refused with a message listing it, and `-` or an
 * empty label means "unlabelled" (skipped, and counted). Prints WAR/UAR per
 * modality over the items where that modality is present (with n), fused,
 * how often each modality dominated, and for MIGR vs visual-first order the
 * verifier's consistency rate and the rate of correct predictions with
 * inconsistent explanations (the paper's reliability metric).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluate, TEMPLATE_EXPLAINER, type ItemResult } from './evaluate.ts';
import { findItems, shardItems, UnknownLabelError, type FoundItems, type ItemKind, type LabelMap } from './items.ts';
import { markdown, mergeResults, summarise } from './summary.ts';

function report(
  results: readonly ItemResult[],
  explainer: { name: string; sameSentences: boolean },
  json: string,
  md?: string,
): void {
  const summary = { ...summarise(results), explainer: explainer.name, same_sentences: explainer.sameSentences };
  const table = markdown(summary);
  console.log(`\n${table}\n`);
  if (explainer.sameSentences) {
    console.log(
      'Both orders hold the same sentences, so the two rows cannot differ: run with --explainer to compare orders.\n',
    );
  }
  writeFileSync(json, `${JSON.stringify({ summary, results }, null, 2)}\n`);
  if (md) writeFileSync(md, `${table}\n`);
  console.log(`wrote ${json}${md ? ` and ${md}` : ''}`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      clips: { type: 'string' },
      json: { type: 'string', default: 'eval-results.json' },
      md: { type: 'string' },
      explainer: { type: 'string' },
      'label-map': { type: 'string', default: 'names' },
      'drop-unmapped': { type: 'boolean', default: false },
      shard: { type: 'string' },
      merge: { type: 'boolean', default: false },
    },
  });
  const usage =
    'usage: npm run eval -- --clips DIR [--label-map names|dfew|mafw] [--drop-unmapped] [--shard i/n] [--explainer tiny|smollm2|smolvlm] [--json FILE] [--md FILE]\n' +
    '       npm run eval -- --merge a.json b.json … [--json FILE] [--md FILE]';
  if (values.merge) {
    if (positionals.length === 0) throw new Error(usage);
    const runs = positionals.map(
      (f) =>
        JSON.parse(readFileSync(f, 'utf8')) as {
          summary: { explainer?: string; same_sentences?: boolean };
          results: ItemResult[];
        },
    );
    const names = new Set(runs.map((r) => r.summary.explainer ?? 'template'));
    if (names.size > 1) throw new Error(`the results were written by different explainers: ${[...names].join(', ')}`);
    const results = mergeResults(runs);
    console.log(`merged ${positionals.length} result files: ${results.length} items`);
    report(
      results,
      { name: [...names][0]!, sameSentences: runs.every((r) => r.summary.same_sentences !== false) },
      values.json as string,
      values.md,
    );
    process.exit(0);
  }
  if (!values.clips) throw new Error(usage);
  const { EXPLAINERS, llmExplainer } = await import('./explainers.ts');
  if (values.explainer !== undefined && !(EXPLAINERS as readonly string[]).includes(values.explainer))
    throw new Error(usage);
  const labelMap = values['label-map'] as LabelMap;
  if (!['names', 'dfew', 'mafw'].includes(labelMap)) throw new Error(usage);
  let found: FoundItems;
  try {
    found = findItems(values.clips, { labelMap, dropUnmapped: values['drop-unmapped'] });
  } catch (e) {
    if (!(e instanceof UnknownLabelError)) throw e;
    console.error(`npm run eval: ${e.message} (or pass --drop-unmapped to leave them out, counted)`);
    process.exit(2);
  }
  const { unlabelled, missing, dropped } = found;
  let { items } = found;
  if (missing.length)
    console.warn(
      `${missing.length} listed file(s) not found, left out: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
    );
  const droppedText = Object.entries(dropped)
    .map(([label, n]) => `${label} ${n}`)
    .join(', ');
  if (droppedText) console.warn(`left out, no emotion class: ${droppedText}`);
  if (values.shard) {
    const [i, n] = values.shard.split('/').map(Number) as [number, number];
    const all = items.length;
    items = shardItems(items, i, n);
    console.log(`shard ${i}/${n}: ${items.length} of ${all} items (whole speakers per shard)`);
  }
  if (items.length === 0) throw new Error(`no labelled clips, images or audio files under ${values.clips}`);
  const llm = values.explainer ? await llmExplainer(values.explainer as (typeof EXPLAINERS)[number]) : null;
  const explainer = llm ?? TEMPLATE_EXPLAINER;
  const count = (k: ItemKind) => items.filter((i) => i.kind === k).length;
  console.log(
    `evaluating ${items.length} items: ${count('clip')} clips, ${count('image')} images, ${count('audio')} audio files` +
      `${unlabelled ? ` (${unlabelled} unlabelled, skipped)` : ''} (Lite tier: bundled models; explanations: ${explainer.name}${llm ? ', reasoned to its own answer, both orders' : ''})`,
  );
  const results = await evaluate(items, (line) => console.log(`  ${line}`), explainer);
  await llm?.close();
  report(results, explainer, values.json as string, values.md);
}
