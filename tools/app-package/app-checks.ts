import { imageSize } from 'image-size';
import { MAX_MENU_COMMANDS, MAX_MENU_DESCRIPTION, MAX_MENU_TITLE } from './menu-commands';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Teams' icon rules that the JSON schema cannot express: a PNG file of the size each icon must have. */
export function iconProblems(kind: 'color' | 'outline', file: string, bytes: Uint8Array): string[] {
  const expected = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  const size = pngSize(bytes);
  if (!size) return [`${file} is not a PNG image; the ${kind} icon must be a ${expected}×${expected} PNG`];
  if (size.width !== expected || size.height !== expected) {
    return [`${file} is ${size.width}×${size.height}; the ${kind} icon must be ${expected}×${expected}`];
  }
  return [];
}

/** The dimensions of a PNG, or undefined for anything else (image-size throws on bytes it cannot read). */
function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  try {
    const size = imageSize(bytes);
    return size.type === 'png' ? { width: size.width, height: size.height } : undefined;
  } catch {
    return undefined;
  }
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
