import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { iconProblems } from '../../../tools/app-package/app-checks';

const appPackage = join(__dirname, '../../../appPackage');
const committed = (name: string): Buffer => readFileSync(join(appPackage, name));

describe('the committed icons', () => {
  it('are a 192×192 color.png and a 32×32 outline.png', () => {
    expect(PNG.sync.read(committed('color.png'))).toMatchObject({ width: 192, height: 192 });
    expect(PNG.sync.read(committed('outline.png'))).toMatchObject({ width: 32, height: 32 });
  });

  it('pass the Teams icon rules', () => {
    expect(iconProblems('color', 'color.png', committed('color.png'))).toEqual([]);
    expect(iconProblems('outline', 'outline.png', committed('outline.png'))).toEqual([]);
  });
});

describe('iconProblems', () => {
  it('refuses an icon of the wrong size, naming both sizes', () => {
    expect(iconProblems('outline', 'color.png', committed('color.png'))).toEqual(['color.png is 192×192; the outline icon must be 32×32']);
    expect(iconProblems('color', 'outline.png', committed('outline.png'))).toEqual(['outline.png is 32×32; the color icon must be 192×192']);
  });

  it('refuses an image that is not a PNG, and bytes that are no image at all', () => {
    const gif = Buffer.concat([Buffer.from('GIF89a', 'ascii'), Buffer.from([192, 0, 192, 0, 0, 0, 0])]);
    expect(iconProblems('color', 'color.gif', gif)).toEqual(['color.gif is not a PNG image; the color icon must be a 192×192 PNG']);
    expect(iconProblems('outline', 'outline.png', Buffer.from('not an image at all'))).toEqual([
      'outline.png is not a PNG image; the outline icon must be a 32×32 PNG',
    ]);
  });

  it('refuses an outline icon with coloured pixels, or with no transparent background', () => {
    const outline = (rgba: [number, number, number, number], at?: number): Buffer => {
      const png = new PNG({ width: 32, height: 32 });
      for (let i = 0; i < png.data.length; i += 4) png.data.set(i / 4 === at ? [255, 0, 0, 255] : rgba, i);
      return PNG.sync.write(png);
    };
    expect(iconProblems('outline', 'outline.png', outline([255, 255, 255, 0], 7))).toEqual([
      'outline.png has 1 pixels that are neither transparent nor white; the outline icon must be white on transparent',
    ]);
    expect(iconProblems('outline', 'outline.png', outline([255, 255, 255, 255]))).toEqual([
      'outline.png has no transparent pixels; the outline icon needs a transparent background',
    ]);
    expect(iconProblems('outline', 'outline.png', outline([255, 255, 255, 0]))).toEqual([]);
  });
});
