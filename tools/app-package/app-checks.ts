import type { RgbaImage } from './png';
import { decodePng } from './png';
import { MAX_MENU_COMMANDS, MAX_MENU_DESCRIPTION, MAX_MENU_TITLE } from './menu-commands';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Teams' icon rules that the JSON schema cannot express: sizes, alpha, and an outline that is white or transparent. */
export function iconProblems(kind: 'color' | 'outline', file: string, bytes: Uint8Array): string[] {
  const decoded = decodePng(bytes);
  if (!decoded.ok) return [`${file}: ${decoded.reason}; Teams needs an 8-bit RGBA PNG`];
  const expected = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  const { width, height } = decoded.image;
  if (width !== expected || height !== expected) return [`${file} is ${width}×${height}; the ${kind} icon must be ${expected}×${expected}`];
  if (kind === 'outline') {
    const coloured = countOutlineViolations(decoded.image);
    if (coloured > 0) return [`${file} has ${coloured} pixels that are neither transparent nor white; the outline icon must be white on transparent`];
    if (!hasTransparency(decoded.image)) return [`${file} has no transparent pixels; the outline icon needs a transparent background`];
  }
  return [];
}

export function countOutlineViolations(image: RgbaImage): number {
  let count = 0;
  for (let i = 0; i < image.pixels.length; i += 4) {
    const alpha = image.pixels[i + 3] ?? 0;
    const white = image.pixels[i] === 255 && image.pixels[i + 1] === 255 && image.pixels[i + 2] === 255;
    if (alpha > 0 && !white) count++;
  }
  return count;
}

export function hasTransparency(image: RgbaImage): boolean {
  for (let i = 3; i < image.pixels.length; i += 4) if (image.pixels[i] === 0) return true;
  return false;
}

interface ManifestCommandShape {
  bots?: Array<{ commandLists?: Array<{ scopes?: string[]; commands?: Array<{ title?: string; description?: string }> }> }>;
}

/** The Teams client limits on command menus, which are tighter than the schema's. */
export function commandListProblems(manifest: unknown): string[] {
  const problems: string[] = [];
  const bots = (manifest as ManifestCommandShape).bots ?? [];
  bots.forEach((bot, b) => {
    (bot.commandLists ?? []).forEach((list, l) => {
      const where = `/bots/${b}/commandLists/${l} (${(list.scopes ?? []).join(', ')})`;
      const commands = list.commands ?? [];
      if (commands.length > MAX_MENU_COMMANDS) problems.push(`${where} has ${commands.length} commands; Teams shows at most ${MAX_MENU_COMMANDS}`);
      for (const command of commands) {
        if ((command.title ?? '').length > MAX_MENU_TITLE) problems.push(`${where}: title "${command.title}" is longer than ${MAX_MENU_TITLE} characters`);
        if ((command.description ?? '').length > MAX_MENU_DESCRIPTION) problems.push(`${where}: the description of "${command.title}" is longer than ${MAX_MENU_DESCRIPTION} characters`);
      }
    });
  });
  return problems;
}
