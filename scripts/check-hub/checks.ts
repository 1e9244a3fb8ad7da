/**
 * The checks `npm run check:hub` makes of each hub model's output on its fixture input. They judge what a
 * real model must do (a smiling face reads happy, the sentence is transcribed); a random-weight stand-in
 * fails the quality checks and passes the shape ones, which is what the test of this script expects.
 */
import { wordErrorRate } from '../../src/core/audio/transcript.ts';
import { EMOTIONS, emotionForLabel, labelsFromConfig, topEmotion, toDistribution } from '../../src/core/labels.ts';
import type { ModelEntry } from '../../src/core/manifest.ts';
import { textDistribution } from '../../src/core/audio/transcript.ts';
import type { PageResult } from './kinds.ts';

export const SENTENCE = "Don't forget a jacket.";
export const HAPPY_TEXT = 'I am so happy and grateful today, this is wonderful news!';
/** The largest word error rate at which the sentence counts as transcribed. */
export const MAX_WER = 0.3;

export interface CheckItem {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

type Scored = { label: string; score: number }[];

const top = (scored: Scored) => [...scored].sort((a, b) => b.score - a.score)[0];

/** Every label maps to one of the seven classes. */
function labelsMap(labels: readonly string[]): CheckItem {
  const unmapped = labels.filter((l) => emotionForLabel(l) === null);
  return {
    name: 'labels map',
    ok: labels.length > 0 && unmapped.length === 0,
    detail: unmapped.length ? `unmapped: ${unmapped.join(', ')}` : `${labels.length} labels`,
  };
}

export function checksFor(entry: ModelEntry, result: PageResult): CheckItem[] {
  if (result.error) return [{ name: 'loads and runs', ok: false, detail: result.error }];
  const checks: CheckItem[] = [{ name: 'loads and runs', ok: true, detail: `${result.device}: ${result.reason}` }];
  switch (result.kind) {
    case 'face': {
      const scored = result.output as Scored;
      checks.push(labelsMap(scored.map((s) => s.label)));
      const d = toDistribution(
        scored.map((s) => s.score),
        scored.map((s) => s.label),
      );
      const read = topEmotion(d);
      checks.push({
        name: 'smiling face reads happy',
        ok: read.emotion === 'happy',
        detail: `read ${read.emotion} ${read.p.toFixed(2)}`,
      });
      break;
    }
    case 'speech-to-text': {
      const transcript = String(result.output);
      const wer = wordErrorRate(SENTENCE, transcript);
      checks.push({
        name: `sentence transcribed (WER < ${MAX_WER * 100}%)`,
        ok: wer < MAX_WER,
        detail: `"${transcript.slice(0, 60)}" WER ${(wer * 100).toFixed(0)}%`,
      });
      break;
    }
    case 'text-emotion': {
      const scored = result.output as Scored;
      checks.push(labelsMap(scored.map((s) => s.label)));
      const d = textDistribution(scored);
      const read = d ? topEmotion(d) : null;
      checks.push({
        name: 'happy sentence reads happy',
        ok: read?.emotion === 'happy',
        detail: read ? `read ${read.emotion} ${read.p.toFixed(2)}` : 'no usable scores',
      });
      break;
    }
    case 'speech-emotion': {
      const scored = result.output as Scored;
      const { labels, unmapped } = labelsFromConfig(result.id2label);
      checks.push({
        name: 'labels map',
        ok: labels.length > 0 && unmapped.length === 0,
        detail: unmapped.length ? `unmapped: ${unmapped.join(', ')}` : `${labels.length} labels`,
      });
      const best = top(scored);
      const emotion = best ? emotionForLabel(best.label) : null;
      checks.push({
        name: 'a top class comes out',
        ok: emotion !== null,
        detail: best ? `${best.label} → ${emotion ?? '?'} ${best.score.toFixed(2)}` : 'no scores',
      });
      break;
    }
    case 'explainer': {
      const out = result.output as {
        plan: string[];
        text: string;
        sections: string[];
        ttftMs: number | null;
        tokensPerSecond: number | null;
        tokens: number;
      };
      const inOrder = out.sections.join(',') === out.plan.join(',');
      checks.push({
        name: 'every section, in MI order',
        ok: inOrder,
        detail: inOrder ? out.plan.join(' → ') : `got ${out.sections.join(',')} for ${out.plan.join(',')}`,
      });
      const answer = /<answer>([\s\S]*?)<\/answer>/.exec(out.text)?.[1]?.trim() ?? '';
      checks.push({
        name: 'answer among the seven labels',
        ok: (EMOTIONS as readonly string[]).includes(answer),
        detail: `answer "${answer.slice(0, 30)}"`,
      });
      break;
    }
  }
  return checks;
}
