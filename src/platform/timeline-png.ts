/**
 * The session timeline as a PNG for a slide: the same marks as the page's timeline (core/mi/timeline.ts),
 * drawn on a canvas with a title, a time axis, the modality rows named, each window's top emotions written
 * where they fit, the dominant modality outlined and lettered, and a legend. Made on the device.
 */
import { MODALITIES, MODALITY_LABEL, type Modality } from '../core/mi/modalities.ts';
import { dominantLetter, timelineAxis, type TimelineMark } from '../core/mi/timeline.ts';
import { VA_COORDINATES } from '../core/mi/valence-arousal.ts';
import { EMOTIONS } from '../core/labels.ts';

export const PNG_WIDTH = 1600;
export const PNG_HEIGHT = 520;

/** The page's modality colours (app.css), so the slide matches the screen. */
function colours(): Record<Modality | 'ink' | 'muted' | 'line', string> {
  const style = typeof document === 'undefined' ? null : getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style?.getPropertyValue(name).trim() || fallback;
  return {
    face: read('--face', '#0072b2'),
    voice: read('--voice', '#e69f00'),
    words: read('--words', '#009e73'),
    ink: read('--ink', '#1d2329'),
    muted: read('--muted', '#5b6670'),
    line: read('--line', '#d8dde2'),
  };
}

type Ctx = OffscreenCanvasRenderingContext2D;

/** The fused points of every window on the valence–arousal plane, joined in order, numbered by window. */
function drawPlane(
  ctx: Ctx,
  marks: readonly TimelineMark[],
  box: { size: number; x: number; y: number },
  c: ReturnType<typeof colours>,
  font: (px: number, weight?: number) => string,
): void {
  const px = (v: number) => box.x + ((v + 1) / 2) * box.size;
  const py = (a: number) => box.y + ((1 - a) / 2) * box.size;
  ctx.strokeStyle = c.line;
  ctx.lineWidth = 2;
  ctx.strokeRect(box.x, box.y, box.size, box.size);
  ctx.beginPath();
  ctx.moveTo(box.x, py(0));
  ctx.lineTo(box.x + box.size, py(0));
  ctx.moveTo(px(0), box.y);
  ctx.lineTo(px(0), box.y + box.size);
  ctx.stroke();
  ctx.font = font(15);
  ctx.fillStyle = c.muted;
  ctx.fillText('unpleasant', box.x + 4, py(0) - 6);
  ctx.fillText('pleasant', box.x + box.size - 62, py(0) - 6);
  ctx.fillText('excited', px(0) + 6, box.y + 18);
  ctx.fillText('calm', px(0) + 6, box.y + box.size - 8);
  for (const e of EMOTIONS) {
    if (e === 'neutral') continue;
    // Fear sits just left of anger, and happy near the edge: their names go to the left of their places.
    const leftOf = e === 'fear' || e === 'happy';
    const at = px(VA_COORDINATES[e].valence) + (leftOf ? -6 - ctx.measureText(e).width : 6);
    ctx.fillText(e, at, py(VA_COORDINATES[e].arousal) + 5);
  }
  ctx.strokeStyle = c.ink;
  ctx.globalAlpha = 0.4;
  ctx.beginPath();
  marks.forEach((m, i) =>
    i === 0 ? ctx.moveTo(px(m.va.valence), py(m.va.arousal)) : ctx.lineTo(px(m.va.valence), py(m.va.arousal)),
  );
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.font = font(16, 700);
  marks.forEach((m, i) => {
    ctx.fillStyle = c.ink;
    ctx.beginPath();
    ctx.arc(px(m.va.valence), py(m.va.arousal), 7, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillText(String(i + 1), px(m.va.valence) + 9, py(m.va.arousal) - 8);
  });
  ctx.font = font(16);
  ctx.fillStyle = c.muted;
  ctx.fillText('The fused emotion of each window (numbered)', box.x, box.y - 14);
  ctx.fillText('(derived from the category readings)', box.x, box.y + box.size + 22);
}

export async function timelinePng(marks: readonly TimelineMark[], title: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(PNG_WIDTH, PNG_HEIGHT);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the timeline picture');
  const c = colours();
  const font = (px: number, weight = 400) => `${weight} ${px}px system-ui, sans-serif`;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, PNG_WIDTH, PNG_HEIGHT);

  ctx.fillStyle = c.ink;
  ctx.font = font(30, 700);
  ctx.fillText(title, 40, 56);

  const left = 150;
  // The valence–arousal plane takes the right of the slide; the timeline the rest.
  const plane = { size: 360, x: PNG_WIDTH - 400, y: 90 };
  const right = plane.x - 60;
  const top = 90;
  const rowH = 72;
  const { span, ticks } = timelineAxis(marks);
  const x = (s: number) => left + (s / span) * (right - left);

  ctx.font = font(22, 600);
  MODALITIES.forEach((m, row) => {
    ctx.fillStyle = c[m];
    ctx.fillRect(40, top + row * rowH + 18, 16, 32);
    ctx.fillStyle = c.ink;
    ctx.fillText(MODALITY_LABEL[m], 64, top + row * rowH + 44);
  });

  for (const mark of marks) {
    const x0 = x(mark.startS);
    const w = Math.max(8, x(mark.endS) - x0 - 3);
    MODALITIES.forEach((m, row) => {
      const reading = mark.tops.find((t) => t.modality === m);
      if (!reading) return;
      const y = top + row * rowH + 6;
      ctx.globalAlpha = 0.35 + 0.65 * reading.p;
      ctx.fillStyle = c[m];
      ctx.fillRect(x0, y, w, rowH - 12);
      ctx.globalAlpha = 1;
      if (mark.dominant === m) {
        ctx.strokeStyle = c.ink;
        ctx.lineWidth = 4;
        ctx.strokeRect(x0 + 2, y + 2, w - 4, rowH - 16);
      }
      // The emotion's name where it fits (a slide has no hover).
      ctx.font = font(18, 600);
      const name =
        ctx.measureText(reading.emotion).width <= w - 10
          ? reading.emotion
          : ctx.measureText(reading.emotion.slice(0, 3)).width <= w - 6
            ? reading.emotion.slice(0, 3)
            : '';
      if (name) {
        ctx.fillStyle = c.ink;
        ctx.fillText(name, x0 + 5, y + rowH / 2);
      }
    });
    // Under the window: the dominant modality's letter, and the fused emotion where it fits.
    ctx.font = font(20, 700);
    ctx.fillStyle = c.ink;
    const letter = dominantLetter(mark.dominant);
    const withFused = `${letter} · ${mark.prediction}`;
    const label = ctx.measureText(withFused).width <= w ? withFused : letter;
    ctx.fillText(label, x0 + Math.max(0, (w - ctx.measureText(label).width) / 2), top + 3 * rowH + 24);
  }

  // The time axis.
  const axisY = top + 3 * rowH + 40;
  ctx.strokeStyle = c.line;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(left, axisY);
  ctx.lineTo(right, axisY);
  ctx.stroke();
  ctx.font = font(18);
  ctx.fillStyle = c.muted;
  for (const t of ticks) ctx.fillText(`${t} s`, x(t) - (t === 0 ? 0 : 14), axisY + 26);

  drawPlane(ctx, marks, plane, c, font);

  // The legend.
  ctx.font = font(20);
  ctx.fillStyle = c.ink;
  ctx.fillText(
    "Each strip: that modality's top emotion in the window (darker: more probable). Under it: the dominant modality (M: multimodal) · the fused emotion.",
    40,
    PNG_HEIGHT - 28,
  );
  return canvas.convertToBlob({ type: 'image/png' });
}
