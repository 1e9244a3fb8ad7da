/**
 * Geometry without a DOM: points, boxes, 2-D affine maps, and the maps from a model's input (a rotated
 * square crop, a letterbox) back to frame pixels. Boxes and points are in continuous pixel coordinates
 * (pixel i spans [i, i + 1]); maps go from output pixel index to source pixel index.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** x' = a·x + b·y + c, y' = d·x + e·y + f. */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m.a * p.x + m.b * p.y + m.c, y: m.d * p.x + m.e * p.y + m.f };
}

export function boxCentre(b: Box): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

export function iou(p: Box, q: Box): number {
  const x0 = Math.max(p.x, q.x);
  const y0 = Math.max(p.y, q.y);
  const x1 = Math.min(p.x + p.width, q.x + q.width);
  const y1 = Math.min(p.y + p.height, q.y + q.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = p.width * p.height + q.width * q.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Boxes and points are in continuous pixel coordinates (pixel i spans
 * [i, i + 1]); maps go from output pixel index to source pixel index.
 *
 * The map from output pixel (col, row) of a `size`×`size` crop to source
 * pixels: a square of side `side` centred at `centre`, rotated by
 * `angle` radians (so that a feature tilted by `angle` in the source comes
 * out level).
 */
export function squareCropMap(centre: Point, side: number, angle: number, size: number): Affine {
  const s = side / size;
  const cos = Math.cos(angle) * s;
  const sin = Math.sin(angle) * s;
  // p_src = centre + R(angle) · (p_out + 0.5 − size/2) · s, then − 0.5 to index pixels by their centres.
  const h = size / 2 - 0.5;
  return {
    a: cos,
    b: -sin,
    c: centre.x - 0.5 - cos * h + sin * h,
    d: sin,
    e: cos,
    f: centre.y - 0.5 - sin * h - cos * h,
  };
}

/** The map from a letterboxed `size`×`size` model input back to frame pixels (and its inverse data). */
export interface Letterbox {
  readonly scale: number;
  readonly padX: number;
  readonly padY: number;
  readonly size: number;
}

export function letterbox(width: number, height: number, size: number): Letterbox {
  const scale = size / Math.max(width, height);
  return { scale, padX: (size - width * scale) / 2, padY: (size - height * scale) / 2, size };
}

/** Output pixel → source pixel, for sampling the frame into the letterboxed input. */
export function letterboxMap(lb: Letterbox): Affine {
  const inv = 1 / lb.scale;
  return { a: inv, b: 0, c: (0.5 - lb.padX) * inv - 0.5, d: 0, e: inv, f: (0.5 - lb.padY) * inv - 0.5 };
}

/** A point in normalised letterbox coordinates (0..1) → frame pixels. */
export function fromLetterbox(lb: Letterbox, u: number, v: number): Point {
  return { x: (u * lb.size - lb.padX) / lb.scale, y: (v * lb.size - lb.padY) / lb.scale };
}
