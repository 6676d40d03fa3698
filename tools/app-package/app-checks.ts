import { PNG } from 'pngjs';
import { MAX_MENU_COMMANDS, MAX_MENU_DESCRIPTION, MAX_MENU_TITLE } from './menu-commands';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Teams' icon rules that the JSON schema cannot express: PNG, the size of each icon, an outline white on transparent. */
export function iconProblems(kind: 'color' | 'outline', file: string, bytes: Uint8Array): string[] {
  const expected = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  const image = decodePng(bytes);
  if (!image) return [`${file} is not a PNG image; the ${kind} icon must be a ${expected}×${expected} PNG`];
  if (image.width !== expected || image.height !== expected) {
    return [`${file} is ${image.width}×${image.height}; the ${kind} icon must be ${expected}×${expected}`];
  }
  if (kind === 'outline') {
    const coloured = countOutlineViolations(image.data);
    if (coloured > 0) return [`${file} has ${coloured} pixels that are neither transparent nor white; the outline icon must be white on transparent`];
    if (!hasTransparency(image.data)) return [`${file} has no transparent pixels; the outline icon needs a transparent background`];
  }
  return [];
}

/** The PNG's size and RGBA pixels, or undefined for anything pngjs cannot read as a PNG. */
function decodePng(bytes: Uint8Array): PNG | undefined {
  try {
    return PNG.sync.read(Buffer.from(bytes));
  } catch {
    return undefined;
  }
}

function countOutlineViolations(rgba: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const white = rgba[i] === 255 && rgba[i + 1] === 255 && rgba[i + 2] === 255;
    if ((rgba[i + 3] ?? 0) > 0 && !white) count++;
  }
  return count;
}

function hasTransparency(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] === 0) return true;
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
