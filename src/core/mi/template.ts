/**
 * The Lite explainer: a deterministic composer that writes the sections in
 * the planned order from the evidence alone. The UI labels it a template,
 * not a model. It follows the same format, so the parser, verifier and
 * reward treat it like any explainer's output.
 */
import type { Emotion } from '../labels.ts';
import { quoteTranscript, type EvidenceSet } from './evidence.ts';
import { absenceText, importanceOrder, type ModalityImportance } from './importance.ts';
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

function describe(reading: { emotion: Emotion; p: number } | null, modality: Modality): string {
  if (!reading) return `The ${MODALITY_LABEL[modality].toLowerCase()} gave no reading here`;
  const strength = reading.p >= 0.6 ? '' : reading.p >= 0.35 ? 'somewhat ' : 'faintly ';
  const subject = modality === 'words' ? 'The words' : `The ${MODALITY_LABEL[modality].toLowerCase()}`;
  return `${subject} ${VERB[modality]} ${strength}${ADJECTIVE[reading.emotion]} (${reading.p.toFixed(2)})`;
}

function modalitySection(modality: Modality, evidence: EvidenceSet): string {
  const e = evidence[modality];
  if (!e) return `No ${MODALITY_LABEL[modality].toLowerCase()} evidence in this window.`;
  let text = describe(e.reading, modality);
  if (modality === 'words' && e.transcript !== undefined)
    text = `${quoteTranscript(e.transcript)}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  if (e.cues.length > 0) text += `: ${e.cues.join(', ')}.`;
  else if (modality === 'face') text += ', with no clear change from its neutral look.';
  else if (modality === 'voice') text += ', with prosody close to this speaker’s usual.';
  else text += '.';
  for (const note of e.notes ?? []) text += ` (${note}.)`;
  return text;
}

function thinkSection(mi: ModalityImportance): string {
  const name = (m: Modality) => MODALITY_LABEL[m].toLowerCase();
  const entries = importanceOrder(mi).map((m) => mi.entries.find((e) => e.modality === m)!);
  if (entries.every((e) => e.contribution === 0))
    return `No modality moves the reading far from chance; ${mi.prediction} is a weak call.`;
  const contributions = `contributions: ${entries.map((e) => `${name(e.modality)} ${e.contribution.toFixed(2)}`).join(', ')}`;
  const alone = mi.reason.alone;
  if (mi.dominant !== 'multimodal' && mi.reason.rule === 'margin')
    return `The ${name(mi.dominant)} carries the ${mi.prediction} reading (${contributions}).`;
  const absence = absenceText(mi);
  const calm = absence
    ? ` ${absence.charAt(0).toUpperCase()}${absence.slice(1)}: a calm reading is no evidence against it.`
    : '';
  if (mi.dominant !== 'multimodal')
    return `Only the ${name(mi.dominant)} alone reads ${mi.prediction}, so it leads (${contributions}).${calm}`;
  if (alone.length === 0)
    return `No modality alone reads ${mi.prediction}; the reading comes from them together (${contributions}).`;
  return `The ${alone.map(name).join(' and the ')} each read ${mi.prediction}, so no single modality carries it (${contributions}).`;
}

/**
 * The baseline's reasoning: the modalities' own readings in the fixed order, then the fused prediction. No
 * Modality Importance: no dominant modality, no contributions, nothing "leads".
 */
function evidenceThink(evidence: EvidenceSet, prediction: Emotion): string {
  const read = VISUAL_FIRST.flatMap((m) => {
    const r = evidence[m]?.reading;
    return r ? [`the ${MODALITY_LABEL[m].toLowerCase()} ${m === 'words' ? 'read' : 'reads'} ${r.emotion}`] : [];
  });
  if (read.length === 0) return `No modality gave a reading; ${prediction} is a weak call.`;
  const said = read.join(', then ');
  return `${said.charAt(0).toUpperCase()}${said.slice(1)}; taken together, the reading is ${prediction}.`;
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
  return order === 'visual-first' ? evidenceThink(evidence, mi.prediction) : thinkSection(mi);
}

export function composeExplanation(
  sections: readonly Section[],
  evidence: EvidenceSet,
  mi: ModalityImportance,
  order: ExplanationOrder = 'migr',
): string {
  return sections.map((s) => `<${s}>${composeSection(s, evidence, mi, order)}</${s}>`).join('');
}
