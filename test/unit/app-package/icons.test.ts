import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { iconProblems } from '../../../tools/app-package/app-checks';

const appPackage = join(__dirname, '../../../appPackage');
const committed = (name: string): Buffer => readFileSync(join(appPackage, name));

describe('the committed icons', () => {
  it('are a 192×192 color.png and a 32×32 outline.png', () => {
    expect(imageSize(committed('color.png'))).toMatchObject({ type: 'png', width: 192, height: 192 });
    expect(imageSize(committed('outline.png'))).toMatchObject({ type: 'png', width: 32, height: 32 });
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
});
