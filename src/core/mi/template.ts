/**
 * The Lite explainer: a deterministic composer that writes the sections in the planned order from the
 * evidence alone. The UI labels it a template, not a model. It follows the same format, so the parser,
 * verifier and reward treat it like any explainer's output. It reasons in plain words: each cue with what it
 * usually goes with (cue-meaning.ts), the conflicts between modalities, and how sure the fused call is.
 */
import { EMOTIONS, type Distribution, type Emotion } from '../labels.ts';
import { cueMeaning } from './cue-meaning.ts';
import { quoteTranscript, type EvidenceSet } from './evidence.ts';
import { importanceOrder, type ModalityImportance } from './importance.ts';
import { MODALITY_LABEL, VISUAL_FIRST, type Modality } from './modalities.ts';
import type { Section } from './parser.ts';
import { modalityOfSection, type ExplanationOrder } from './prompts.ts';

const VERB: Readonly<Record<Modality, string>> = { face: 'looks', voice: 'sounds', words: 'read' };
/** "The voice sounds disgusted", not "sounds disgust". */
const ADJECTIVE: Readonly<Record<Emotion, string>> = {
  happy: 'happy',
  sad: 'sad',
  neutral: 'neutral',
  angry: 'angry',
  surprise: 'surprised',
  disgust: 'disgusted',
  fear: 'fearful',
};
/** A modality that reads neutral beside one that does not: calm, not contrary. */
const CALM: Readonly<Record<Modality, string>> = {
  face: 'the face stays calm',
  voice: 'the voice stays calm',
  words: 'the words stay neutral',
};

const pct = (p: number) => `${Math.round(p * 100)}%`;
const name = (m: Modality) => MODALITY_LABEL[m].toLowerCase();
const subject = (m: Modality) => (m === 'words' ? 'the words' : `the ${name(m)}`);
const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
const list = (xs: readonly string[]) =>
  xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}` : (xs[0] ?? '');

export const CHANCE = 1 / EMOTIONS.length;

/**
 * How sure a fused call is, in words, from its probability and its margins over the runner-up and over
 * chance (1 in 7): barely above chance (under chance + 10 points), close (within 10 points of the runner-up),
 * then weak, tentative, fair and firm by the probability (under 35%, 50%, 75%, and above):
 * "a firm call (82% sure)", "a weak call, barely above chance (18% sure; chance is 14%)",
 * "a close call (31% sure, the next emotion 27%)".
 */
export function confidencePhrase(fused: Distribution): string {
  const sorted = [...fused].sort((a, b) => b - a);
  const p = sorted[0] ?? 0;
  const next = sorted[1] ?? 0;
  if (p < CHANCE + 0.1) return `a weak call, barely above chance (${pct(p)} sure; chance is ${pct(CHANCE)})`;
  if (p - next < 0.1) return `a close call (${pct(p)} sure, the next emotion ${pct(next)})`;
  const word = p >= 0.75 ? 'a firm call' : p >= 0.5 ? 'a fair call' : p >= 0.35 ? 'a tentative call' : 'a weak call';
  return `${word} (${pct(p)} sure)`;
}

/** "The face looks somewhat happy, 52% sure." */
function readingSentence(modality: Modality, reading: { emotion: Emotion; p: number } | null): string {
  if (!reading) return `${capital(subject(modality))} gave no reading here.`;
  const strength = reading.p >= 0.6 ? '' : reading.p >= 0.35 ? 'somewhat ' : 'faintly ';
  return `${capital(subject(modality))} ${VERB[modality]} ${strength}${ADJECTIVE[reading.emotion]}, ${pct(reading.p)} sure.`;
}

/** Each measured cue with what it usually goes with: "mouth corners raised (clearly), as in a smile". */
function cueClauses(cues: readonly string[]): string {
  return cues
    .map((cue) => {
      const meaning = cueMeaning(cue);
      return meaning ? `${cue}, ${meaning.meaning}` : cue;
    })
    .join('; ');
}

function modalitySection(modality: Modality, evidence: EvidenceSet): string {
  const e = evidence[modality];
  if (!e) return `No ${name(modality)} evidence in this window.`;
  let text = readingSentence(modality, e.reading);
  if (modality === 'words' && e.transcript !== undefined) text = `${quoteTranscript(e.transcript)}: ${text}`;
  if (e.cues.length > 0) {
    const against = modality === 'face' ? 'Against its neutral look' : 'Against this speaker’s usual voice';
    text += ` ${against}: ${cueClauses(e.cues)}.`;
  } else if (modality === 'face') text += ' No clear change from its neutral look.';
  else if (modality === 'voice') text += ' Prosody close to this speaker’s usual.';
  for (const note of e.notes ?? []) text += ` Note: ${note}.`;
  return text;
}

/** The modalities read in the window, in a given order, with their own top reading. */
function readingsIn(order: readonly Modality[], evidence: EvidenceSet): { m: Modality; emotion: Emotion }[] {
  return order.flatMap((m) => {
    const r = evidence[m]?.reading;
    return r ? [{ m, emotion: r.emotion }] : [];
  });
}

/**
 * The conflict between modalities, named, or null when they agree: "The voice sounds angry, while the face
 * stays calm." Those that read the fused emotion come first.
 */
function conflictSentence(mi: ModalityImportance, evidence: EvidenceSet): string | null {
  const read = readingsIn(importanceOrder(mi), evidence);
  if (new Set(read.map((r) => r.emotion)).size < 2) return null;
  const carriers = read.filter((r) => r.emotion === mi.prediction && r.emotion !== 'neutral');
  const others = read.filter((r) => !carriers.includes(r));
  const say = (r: { m: Modality; emotion: Emotion }) =>
    r.emotion === 'neutral' ? CALM[r.m] : `${subject(r.m)} ${VERB[r.m]} ${ADJECTIVE[r.emotion]}`;
  if (carriers.length === 0) return `${capital(list(others.map(say)))}: they disagree.`;
  return `${capital(list(carriers.map(say)))}, while ${list(others.map(say))}.`;
}

/** Why the leading modality leads, from Modality Importance (the MIGR plan only). */
function leadSentence(mi: ModalityImportance): string {
  const shares = mi.entries.map((e) => `${name(e.modality)} ${pct(e.contribution)}`).join(', ');
  if (mi.entries.length === 1) {
    const only = mi.entries[0]!.modality;
    return `Only ${subject(only)} ${only === 'words' ? 'were' : 'was'} read in this window, so it carries the reading alone.`;
  }
  if (mi.entries.every((e) => e.contribution === 0)) return 'No modality moves the reading far from chance.';
  const alone = mi.reason.alone;
  if (mi.dominant !== 'multimodal' && mi.reason.rule === 'margin')
    return `${capital(subject(mi.dominant))} carries the reading (share of the push: ${shares}).`;
  if (mi.dominant !== 'multimodal') {
    const calm = mi.entries.some((e) => e.modality !== mi.dominant && e.top.emotion === 'neutral');
    const absence = calm && mi.prediction !== 'neutral' ? ': a calm reading is no evidence against it' : '';
    return `Only ${subject(mi.dominant)} reads ${mi.prediction} on its own, so it leads${absence} (share of the push: ${shares}).`;
  }
  // Worded without "no … reads <emotion>": a judge reads that as a negated emotion.
  if (alone.length === 0)
    return `${capital(mi.prediction)} comes from them together: each alone reads otherwise (share of the push: ${shares}).`;
  return `${capital(list(alone.map(subject)))} each read ${mi.prediction} on their own, so no single modality carries it.`;
}

/**
 * The MIGR plan's reasoning: the conflict named, the modality that carries the reading and why, and how sure
 * the fused call is.
 */
function migrThink(mi: ModalityImportance, evidence: EvidenceSet): string {
  const conflict = conflictSentence(mi, evidence);
  return [conflict, leadSentence(mi), `Together: ${mi.prediction}, ${confidencePhrase(mi.fused)}.`]
    .filter((s): s is string => s !== null)
    .join(' ');
}

/**
 * The baseline's reasoning: the modalities' own readings in the fixed order, then the fused call and how sure
 * it is. No Modality Importance: no dominant modality, no shares, nothing "leads".
 */
function evidenceThink(mi: ModalityImportance, evidence: EvidenceSet): string {
  const read = readingsIn(VISUAL_FIRST, evidence).map(
    ({ m, emotion }) => `${subject(m)} ${m === 'words' ? 'read' : 'reads'} ${emotion}`,
  );
  const sure = confidencePhrase(mi.fused);
  if (read.length === 0) return `No modality gave a reading; ${mi.prediction} is ${sure}.`;
  return `${capital(read.join(', then '))}. Taken together: ${mi.prediction}, ${sure}.`;
}

/**
 * One section of the template's explanation. `visual-first`, the baseline, reasons from the evidence alone;
 * `migr` (the default) says which modality carries the reading and why.
 */
export function composeSection(
  section: Section,
  evidence: EvidenceSet,
  mi: ModalityImportance,
  order: ExplanationOrder = 'migr',
): string {
  const modality = modalityOfSection(section);
  if (modality) return modalitySection(modality, evidence);
  if (section !== 'think') return mi.prediction;
  return order === 'visual-first' ? evidenceThink(mi, evidence) : migrThink(mi, evidence);
}

export function composeExplanation(
  sections: readonly Section[],
  evidence: EvidenceSet,
  mi: ModalityImportance,
  order: ExplanationOrder = 'migr',
): string {
  return sections.map((s) => `<${s}>${composeSection(s, evidence, mi, order)}</${s}>`).join('');
}
