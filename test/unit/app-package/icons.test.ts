import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countOutlineViolations, hasTransparency, iconProblems } from '../../../tools/app-package/app-checks';
import { renderColorIcon, renderOutlineIcon } from '../../../tools/app-package/icon-art';
import type { RgbaImage } from '../../../tools/app-package/png';
import { decodePng, encodePng, readPngHeader } from '../../../tools/app-package/png';

const appPackage = join(__dirname, '../../../appPackage');
const COLOUR_TYPE_RGBA = 6;

function committed(name: string): { bytes: Buffer; image: RgbaImage } {
  const bytes = readFileSync(join(appPackage, name));
  const decoded = decodePng(bytes);
  if (!decoded.ok) throw new Error(`${name}: ${decoded.reason}`);
  return { bytes, image: decoded.image };
}

const pixel = (image: RgbaImage, x: number, y: number) => [...image.pixels.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)];

describe('appPackage/color.png', () => {
  const { bytes, image } = committed('color.png');

  it('is a 192×192 PNG with an alpha channel', () => {
    expect(readPngHeader(bytes)).toMatchObject({ width: 192, height: 192, bitDepth: 8, colorType: COLOUR_TYPE_RGBA });
  });

  it('is a designed tile: transparent rounded corners, an opaque blue field, a white glyph', () => {
    expect(pixel(image, 0, 0)[3]).toBe(0);
    expect(pixel(image, 191, 191)[3]).toBe(0);
    const [r, g, b, a] = pixel(image, 12, 96);
    expect(a).toBe(255);
    expect(b).toBeGreaterThan(200);
    expect(r).toBeLessThan(100);
    expect(g).toBeLessThan(200);
    expect(pixel(image, 45, 120)).toEqual([255, 255, 255, 255]);
    // A diagonal gradient: the top-left of the tile is lighter than the bottom-right.
    const [lightR, lightG] = pixel(image, 24, 24);
    const [darkR, darkG] = pixel(image, 180, 168);
    expect(lightR ?? 0).toBeGreaterThan((darkR ?? 0) + 30);
    expect(lightG ?? 0).toBeGreaterThan((darkG ?? 0) + 60);
  });

  // Rendering 192×192 with supersampled edges takes a second or two on a busy runner.
  it('is what scripts/make-icons.ts draws', () => {
    expect(encodePng(renderColorIcon()).equals(bytes)).toBe(true);
  }, 30_000);
});

describe('appPackage/outline.png', () => {
  const { bytes, image } = committed('outline.png');

  it('is a 32×32 PNG with an alpha channel', () => {
    expect(readPngHeader(bytes)).toMatchObject({ width: 32, height: 32, bitDepth: 8, colorType: COLOUR_TYPE_RGBA });
  });

  it('is white on a transparent background, with nothing else', () => {
    expect(countOutlineViolations(image)).toBe(0);
    for (let i = 0; i < image.pixels.length; i += 4) expect([image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]]).toEqual([255, 255, 255]);
    const alphas = Array.from({ length: image.pixels.length / 4 }, (_, i) => image.pixels[i * 4 + 3] ?? 0);
    const transparent = alphas.filter((a) => a === 0).length;
    const opaque = alphas.filter((a) => a === 255).length;
    expect(transparent).toBeGreaterThan(300);
    expect(opaque).toBeGreaterThan(200);
    expect(pixel(image, 0, 0)[3]).toBe(0);
  });

  it('is what scripts/make-icons.ts draws', () => {
    expect(encodePng(renderOutlineIcon()).equals(bytes)).toBe(true);
  });
});

describe('iconProblems', () => {
  const white = (size: number, alpha: (i: number) => number): RgbaImage => ({
    width: size,
    height: size,
    pixels: new Uint8Array(size * size * 4).map((_, i) => (i % 4 === 3 ? alpha(i >> 2) : 255)),
  });

  it('accepts the committed icons', () => {
    expect(iconProblems('color', 'color.png', committed('color.png').bytes)).toEqual([]);
    expect(iconProblems('outline', 'outline.png', committed('outline.png').bytes)).toEqual([]);
  });

  it('rejects a wrong size', () => {
    expect(iconProblems('color', 'color.png', encodePng(white(32, () => 255)))).toEqual(['color.png is 32×32; the color icon must be 192×192']);
  });

  it('rejects an outline with a coloured pixel, or with no transparency', () => {
    const tinted = white(32, (i) => (i % 2 ? 255 : 0));
    tinted.pixels[5 * 4] = 0;
    tinted.pixels[5 * 4 + 3] = 255;
    expect(iconProblems('outline', 'outline.png', encodePng(tinted))).toEqual([
      'outline.png has 1 pixels that are neither transparent nor white; the outline icon must be white on transparent',
    ]);
    const solid = white(32, () => 255);
    expect(hasTransparency(solid)).toBe(false);
    expect(iconProblems('outline', 'outline.png', encodePng(solid))).toEqual([
      'outline.png has no transparent pixels; the outline icon needs a transparent background',
    ]);
  });
});
