import type { RgbaImage } from './png';

/** Signed distance from a point to a shape: negative inside, positive outside, in canvas units. */
type Shape = (x: number, y: number) => number;
type Rgb = readonly [number, number, number];
type Paint = (x: number, y: number) => Rgb;

interface Layer {
  shape: Shape;
  paint: Paint;
  opacity?: number;
}

const roundRect = (left: number, top: number, right: number, bottom: number, radius: number): Shape => {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const hw = (right - left) / 2 - radius;
  const hh = (bottom - top) / 2 - radius;
  return (x, y) => {
    const dx = Math.abs(x - cx) - hw;
    const dy = Math.abs(y - cy) - hh;
    return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
  };
};

const circle = (cx: number, cy: number, r: number): Shape => (x, y) => Math.hypot(x - cx, y - cy) - r;

/** Points above a horizontal line (smaller y). */
const above = (lineY: number): Shape => (_x, y) => y - lineY;

const union = (...shapes: Shape[]): Shape => (x, y) => {
  let d = Infinity;
  for (const shape of shapes) d = Math.min(d, shape(x, y));
  return d;
};
const intersect = (...shapes: Shape[]): Shape => (x, y) => {
  let d = -Infinity;
  for (const shape of shapes) d = Math.max(d, shape(x, y));
  return d;
};
const subtract = (shape: Shape, cut: Shape): Shape => (x, y) => Math.max(shape(x, y), -cut(x, y));
const grow = (shape: Shape, by: number): Shape => (x, y) => shape(x, y) - by;
const ringOf = (shape: Shape, width: number): Shape => (x, y) => Math.abs(shape(x, y)) - width / 2;

/** Convex polygon, vertices clockwise in screen coordinates (y down). */
const polygon = (points: ReadonlyArray<readonly [number, number]>): Shape => (x, y) => {
  let worst = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i] ?? [0, 0];
    const [bx, by] = points[(i + 1) % points.length] ?? [0, 0];
    const ex = bx - ax;
    const ey = by - ay;
    const outward = (ey * (x - ax) - ex * (y - ay)) / Math.hypot(ex, ey);
    worst = Math.max(worst, -outward);
  }
  return worst;
};

/**
 * A stroke along a circular arc with round caps. Angles in degrees, 0 = east, growing clockwise on screen;
 * the arc runs from `from` to `to` going clockwise.
 */
const arc = (cx: number, cy: number, r: number, width: number, from: number, to: number): Shape => {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const span = (((to - from) % 360) + 360) % 360;
  const end = (deg: number): readonly [number, number] => [cx + r * Math.cos(rad(deg)), cy + r * Math.sin(rad(deg))];
  const [sx, sy] = end(from);
  const [ex, ey] = end(to);
  return (x, y) => {
    const angle = (((Math.atan2(y - cy, x - cx) * 180) / Math.PI - from) % 360 + 360) % 360;
    if (angle <= span) return Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
    return Math.min(Math.hypot(x - sx, y - sy), Math.hypot(x - ex, y - ey)) - width / 2;
  };
};

/** An arrowhead at the `to` end of an arc, pointing along the direction of travel. */
const arcArrowhead = (cx: number, cy: number, r: number, at: number, size: number, clockwise: boolean): Shape => {
  const rad = (at * Math.PI) / 180;
  const px = cx + r * Math.cos(rad);
  const py = cy + r * Math.sin(rad);
  // Tangent for clockwise travel on screen is (-sin, cos).
  const sign = clockwise ? 1 : -1;
  const tx = -Math.sin(rad) * sign;
  const ty = Math.cos(rad) * sign;
  const nx = Math.cos(rad);
  const ny = Math.sin(rad);
  const tip: [number, number] = [px + tx * size, py + ty * size];
  const outer: [number, number] = [px + nx * size, py + ny * size];
  const inner: [number, number] = [px - nx * size, py - ny * size];
  const cross = (tip[0] - outer[0]) * (inner[1] - outer[1]) - (tip[1] - outer[1]) * (inner[0] - outer[0]);
  return polygon(cross > 0 ? [outer, tip, inner] : [outer, inner, tip]);
};

const hex = (value: string): Rgb => [
  Number.parseInt(value.slice(1, 3), 16),
  Number.parseInt(value.slice(3, 5), 16),
  Number.parseInt(value.slice(5, 7), 16),
];
const solid = (color: Rgb): Paint => () => color;

/** Composites the layers (source-over) at one point; returns premultiplied colour and alpha. */
function sample(layers: readonly Layer[], x: number, y: number): [number, number, number, number] {
  let r = 0;
  let g = 0;
  let b = 0;
  let a = 0;
  for (const layer of layers) {
    if (layer.shape(x, y) > 0) continue;
    const alpha = layer.opacity ?? 1;
    const [lr, lg, lb] = layer.paint(x, y);
    r = lr * alpha + r * (1 - alpha);
    g = lg * alpha + g * (1 - alpha);
    b = lb * alpha + b * (1 - alpha);
    a = alpha + a * (1 - alpha);
  }
  return [r, g, b, a];
}

// Half a pixel's diagonal, rounded up: a shape edge farther than this from the centre cannot cross the pixel.
const EDGE_REACH = 0.75;

/**
 * Renders with an n×n supersampled anti-aliasing on pixels that an edge crosses. The shapes' distances never
 * overestimate, so a pixel whose centre is farther than EDGE_REACH from every edge is uniform.
 */
function render(size: number, layers: readonly Layer[], samplesPerAxis: number): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const n = samplesPerAxis;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const cx = px + 0.5;
      const cy = py + 0.5;
      const onEdge = layers.some((layer) => Math.abs(layer.shape(cx, cy)) <= EDGE_REACH);
      let [r, g, b, a] = [0, 0, 0, 0];
      let count = 1;
      if (onEdge) {
        count = n * n;
        for (let sy = 0; sy < n; sy++) {
          for (let sx = 0; sx < n; sx++) {
            const [sr, sg, sb, sa] = sample(layers, px + (sx + 0.5) / n, py + (sy + 0.5) / n);
            r += sr;
            g += sg;
            b += sb;
            a += sa;
          }
        }
      } else {
        [r, g, b, a] = sample(layers, cx, cy);
      }
      const i = (py * size + px) * 4;
      const coverage = a / count;
      pixels[i + 3] = Math.round(coverage * 255);
      if (coverage > 0) {
        pixels[i] = Math.round(r / count / coverage);
        pixels[i + 1] = Math.round(g / count / coverage);
        pixels[i + 2] = Math.round(b / count / coverage);
      }
    }
  }
  return { width: size, height: size, pixels };
}

const ENTRA_LIGHT = hex('#3AA0F3');
const ENTRA_DARK = hex('#0A46B0');
const INK = hex('#0F5FC2');
const WHITE: Rgb = [255, 255, 255];

/** The diagonal Entra-blue gradient of the colour icon's tile. */
const tileGradient =
  (size: number): Paint =>
  (x, y) => {
    const t = Math.min(1, Math.max(0, (x + y) / (2 * size)));
    const mix = (k: 0 | 1 | 2) => ENTRA_LIGHT[k] + (ENTRA_DARK[k] - ENTRA_LIGHT[k]) * t;
    return [mix(0), mix(1), mix(2)];
  };

/**
 * 192×192 colour icon: a rounded Entra-blue tile; on it a stack of two white person cards (the front one
 * showing a person and two lines of text) and a white badge with a blue counter-clockwise "restore" arrow.
 */
export function renderColorIcon(): RgbaImage {
  const size = 192;
  const tile = roundRect(0, 0, size, size, 40);
  const backCard = roundRect(64, 40, 156, 104, 12);
  const frontCard = roundRect(36, 64, 128, 128, 12);
  const head = circle(62, 88, 10);
  const shoulders = intersect(circle(62, 120, 17), above(117), frontCard);
  const lineOne = roundRect(86, 82, 116, 90, 4);
  const lineTwo = roundRect(86, 98, 108, 106, 4);
  const badgeCenter: [number, number] = [132, 130];
  const badge = circle(badgeCenter[0], badgeCenter[1], 30);
  const badgeGap = circle(badgeCenter[0], badgeCenter[1], 37);
  const arrowRadius = 17;
  const arrowArc = arc(badgeCenter[0], badgeCenter[1], arrowRadius, 7, 195, 135);
  const arrowHead = arcArrowhead(badgeCenter[0], badgeCenter[1], arrowRadius, 195, 12, false);
  const clockHands = union(roundRect(129, 118, 135, 133, 3), roundRect(129, 127, 142, 133, 3));
  const background = tileGradient(size);
  return render(
    size,
    [
      { shape: tile, paint: background },
      { shape: subtract(backCard, grow(frontCard, 5)), paint: solid(WHITE), opacity: 0.55 },
      { shape: frontCard, paint: solid(WHITE) },
      { shape: union(head, shoulders), paint: solid(INK) },
      { shape: union(lineOne, lineTwo), paint: solid(INK), opacity: 0.45 },
      { shape: intersect(badgeGap, tile), paint: background },
      { shape: badge, paint: solid(WHITE) },
      { shape: union(arrowArc, arrowHead, clockHands), paint: solid(INK) },
    ],
    6,
  );
}

/**
 * 32×32 outline icon: the same stack of cards and restore badge as the colour icon, in pure white on a
 * fully transparent background, with the inner details cut out so Teams can tint it.
 */
export function renderOutlineIcon(): RgbaImage {
  const size = 32;
  const frontCard = roundRect(1, 10, 21, 26, 3);
  const backCardRing = ringOf(roundRect(7, 4, 27, 18, 3), 2);
  const head = circle(7, 15.5, 2.5);
  const shoulders = intersect(circle(7, 23, 4.5), above(22));
  const textLine = roundRect(12, 14, 18, 16, 1);
  const badgeCenter: [number, number] = [24, 24];
  const badgeGap = circle(badgeCenter[0], badgeCenter[1], 8.5);
  const arrowRadius = 5;
  const arrowArc = arc(badgeCenter[0], badgeCenter[1], arrowRadius, 2, 200, 140);
  const arrowHead = arcArrowhead(badgeCenter[0], badgeCenter[1], arrowRadius, 200, 3.6, false);
  const clockHands = circle(badgeCenter[0], badgeCenter[1], 1.3);
  const card = subtract(frontCard, union(head, shoulders, textLine));
  const cards = union(card, subtract(backCardRing, grow(frontCard, 2)));
  const glyph = union(subtract(cards, badgeGap), arrowArc, arrowHead, clockHands);
  const image = render(size, [{ shape: glyph, paint: solid(WHITE) }], 8);
  // Teams tints the outline icon by its alpha alone: every pixel is white, only the alpha varies.
  for (let i = 0; i < image.pixels.length; i += 4) image.pixels.fill(255, i, i + 3);
  return image;
}
