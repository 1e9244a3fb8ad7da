/** The three modalities, their section tags and the baseline (visual-first) order. */
export const MODALITIES = ['face', 'voice', 'words'] as const;
export type Modality = (typeof MODALITIES)[number];

/** The explanation's section tag for each modality (MIGR's draft format, plus words). */
export const SECTION_TAG: Readonly<Record<Modality, 'vis_desc' | 'aud_desc' | 'txt_desc'>> = {
  face: 'vis_desc',
  voice: 'aud_desc',
  words: 'txt_desc',
};

export const MODALITY_LABEL: Readonly<Record<Modality, string>> = { face: 'Face', voice: 'Voice', words: 'Words' };

/** What most multimodal LLMs do: describe the face first. */
export const VISUAL_FIRST: readonly Modality[] = ['face', 'voice', 'words'];
