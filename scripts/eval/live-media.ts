/**
 * The live evaluation's fake media (scripts/eval/live.ts): a still face as a noisy camera, and the
 * scenario's utterances laid out as one microphone stream, both made by ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { GAP_S, schedule, type Utterance } from './live-core.ts';

/** The microphone stream's sample rate (Chromium's fake capture reads a WAV file at its own rate). */
export const RATE = 48_000;

function ffmpeg(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args], { maxBuffer: 1 << 28 });
}

/** A still face as a 640×480 camera at 15 fps, with temporal noise (a real camera is never still). */
export function camera(facePath: string, out: string): void {
  const vf = 'scale=-2:440,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x606060,noise=alls=8:allf=t,format=yuv420p';
  ffmpeg(['-loop', '1', '-i', facePath, '-vf', vf, '-t', '4', '-r', '15', out]);
}

function decode(path: string): Float32Array {
  const raw = ffmpeg(['-i', path, '-ac', '1', '-ar', String(RATE), '-f', 'f32le', '-']);
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4).slice();
}

function wav16(samples: Float32Array): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** The microphone stream: LEAD_S of silence, then each utterance followed by GAP_S. Onsets in s. */
export function microphone(utterances: readonly Utterance[], out: string): { onsets: number[]; durationS: number } {
  const clips = utterances.map((u) => decode(u.path));
  const onsets = schedule(clips.map((c) => c.length / RATE));
  const total = Math.ceil((onsets.at(-1)! + clips.at(-1)!.length / RATE + GAP_S) * RATE);
  const stream = new Float32Array(total);
  clips.forEach((c, i) => stream.set(c, Math.round(onsets[i]! * RATE)));
  writeFileSync(out, wav16(stream));
  return { onsets, durationS: total / RATE };
}
