import type { CommandEntry } from '../../src/bot/command-catalog';
import { COMMAND_CATALOG } from '../../src/bot/command-catalog';
import { commandListsFor } from './menu-commands';

/**
 * Rewrites the bot's `commandLists` in manifest.json text from the command catalogue, leaving everything else
 * (placeholders included) as it was. Returns the text unchanged when the lists already match.
 */
export function syncCommandLists(manifestText: string, catalog: readonly CommandEntry[] = COMMAND_CATALOG): string {
  const manifest = JSON.parse(manifestText) as { bots?: Array<Record<string, unknown>> };
  const bot = manifest.bots?.[0];
  if (!bot) throw new Error('manifest.json has no bot to hold the command lists');
  const lists = commandListsFor(catalog);
  if (JSON.stringify(bot.commandLists) === JSON.stringify(lists)) return manifestText;
  bot.commandLists = lists;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
