import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderColorIcon, renderOutlineIcon } from '../tools/app-package/icon-art';
import { encodePng } from '../tools/app-package/png';

const outDir = join(__dirname, '..', 'appPackage');
for (const [file, image] of [
  ['color.png', renderColorIcon()],
  ['outline.png', renderOutlineIcon()],
] as const) {
  const path = join(outDir, file);
  writeFileSync(path, encodePng(image));
  console.log(`wrote ${path} (${image.width}×${image.height})`);
}
