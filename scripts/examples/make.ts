/**
 * `npm run examples [-- --fixtures DIR]`: the example clips visitors can try without a camera
 * (public/examples/), made with ffmpeg from the CREMA-D fixtures (ODbL 1.0 + DbCL 1.0; attribution in
 * examples.json, shown beside them). Every CREMA-D clip says the same sentence ("Don't forget a jacket."),
 * so a voice of one emotion can be laid on a face of another: the examples where face and voice disagree.
 * Each clip: the face video held on its first frame for 0.4 s, the sentence, and a second of the last frame
 * with silence (so the voice detector hears the sentence end before the clip does); VP9 + Opus in WebM.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { fixtures: { type: 'string', default: join(root, '../shared/fixtures') } } });
const FIXTURES = values.fixtures as string;
const OUT = join(root, 'public/examples');
const LEAD_S = 0.4;
const TAIL_S = 1.0;
const MAX_BYTES = 300_000;

type Emotion = 'angry' | 'disgust' | 'fear' | 'happy' | 'neutral' | 'sad';
const CODE: Record<Emotion, string> = {
  angry: 'ANG',
  disgust: 'DIS',
  fear: 'FEA',
  happy: 'HAP',
  neutral: 'NEU',
  sad: 'SAD',
};

interface Example {
  readonly id: string;
  readonly face: Emotion;
  readonly voice: Emotion;
  /** The actor whose voice is used (the face is always actor 1001's: the only CREMA-D videos here). */
  readonly voiceActor: '1001' | '1002';
}

/** Three where face and voice agree, four where they disagree. */
const EXAMPLES: Example[] = [
  { id: 'happy', face: 'happy', voice: 'happy', voiceActor: '1001' },
  { id: 'angry', face: 'angry', voice: 'angry', voiceActor: '1001' },
  { id: 'sad', face: 'sad', voice: 'sad', voiceActor: '1001' },
  { id: 'neutral-face-angry-voice', face: 'neutral', voice: 'angry', voiceActor: '1002' },
  { id: 'happy-face-sad-voice', face: 'happy', voice: 'sad', voiceActor: '1001' },
  { id: 'neutral-face-happy-voice', face: 'neutral', voice: 'happy', voiceActor: '1002' },
  { id: 'angry-face-neutral-voice', face: 'angry', voice: 'neutral', voiceActor: '1001' },
];

const duration = (file: string) =>
  Number(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
      .toString()
      .trim(),
  );

const entries = EXAMPLES.map((e) => {
  const video = join(FIXTURES, 'video', e.face, `cremad_1001_DFA_${CODE[e.face]}_XX.mp4`);
  const speech = join(FIXTURES, 'speech', e.voice, `cremad_${e.voiceActor}_DFA_${CODE[e.voice]}_XX.wav`);
  const file = `${e.id}.webm`;
  const total = LEAD_S + Math.max(duration(video), duration(speech)) + TAIL_S;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    video,
    '-i',
    speech,
    '-filter_complex',
    `[0:v]tpad=start_duration=${LEAD_S}:start_mode=clone:stop_duration=5:stop_mode=clone[v];` +
      `[1:a]aresample=48000,adelay=${LEAD_S * 1000}:all=1,apad[a]`,
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-t',
    total.toFixed(2),
    '-c:v',
    'libvpx-vp9',
    '-b:v',
    '600k',
    '-row-mt',
    '1',
    '-deadline',
    'good',
    '-cpu-used',
    '4',
    '-c:a',
    'libopus',
    '-b:a',
    '48k',
    '-ac',
    '1',
    join(OUT, file),
  ]);
  const bytes = statSync(join(OUT, file)).size;
  if (bytes > MAX_BYTES) throw new Error(`${file} is ${bytes} bytes, over ${MAX_BYTES}`);
  const agree = e.face === e.voice;
  const voiceWho = e.voiceActor === '1001' ? 'the same actor' : `actor ${e.voiceActor}`;
  return {
    id: e.id,
    file,
    bytes,
    title: agree ? `${cap(e.face)} face and voice` : `${cap(e.face)} face, ${e.voice} voice`,
    face: e.face,
    voice: e.voice,
    agree,
    mixed: agree
      ? `CREMA-D actor 1001 acting ${e.face}, face and voice as recorded.`
      : `Mixed: actor 1001's ${e.face} face with ${voiceWho}'s ${e.voice} reading of the same sentence.`,
    sources: [
      `cremad_1001_DFA_${CODE[e.face]}_XX.mp4 (video)`,
      `cremad_${e.voiceActor}_DFA_${CODE[e.voice]}_XX.wav (sound)`,
    ],
    // The voice actor's neutral sentence, as their everyday voice: the page calibrates the voice on it first
    // (each example is a new speaker). None where the example's voice is that very sentence.
    everyday: e.voice === 'neutral' ? null : everyday(e.voiceActor),
  };
});

/** The actor's neutral sentence, copied once as public/examples/everyday-<actor>.wav (16 kHz mono). */
function everyday(actor: string): string {
  const file = `everyday-${actor}.wav`;
  copyFileSync(join(FIXTURES, 'speech', 'neutral', `cremad_${actor}_DFA_NEU_XX.wav`), join(OUT, file));
  return file;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

writeFileSync(
  join(OUT, 'examples.json'),
  `${JSON.stringify(
    {
      attribution:
        'CREMA-D: Cao, H., Cooper, D. G., Keutmann, M. K., Gur, R. C., Nenkova, A. & Verma, R. (2014). CREMA-D: Crowd-sourced Emotional Multimodal Actors Dataset. IEEE Trans. Affective Computing 5(4):377–390. Open Database License 1.0 and Database Contents License 1.0. Clips re-encoded, padded and (where said) mixed by npm run examples.',
      examples: entries,
    },
    null,
    2,
  )}\n`,
);
for (const e of entries) console.log(`${e.file.padEnd(32)} ${(e.bytes / 1000).toFixed(0).padStart(4)} kB  ${e.mixed}`);
