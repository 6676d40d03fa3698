import type { ChatScope, CommandEntry } from '../../src/bot/command-catalog';
import { COMMAND_CATALOG } from '../../src/bot/command-catalog';

/** Teams shows at most 10 commands per command list (the schema allows 12, the client shows 10). */
export const MAX_MENU_COMMANDS = 10;
export const MAX_MENU_TITLE = 32;
export const MAX_MENU_DESCRIPTION = 128;

export interface MenuCommand {
  title: string;
  description: string;
}

export interface CommandList {
  scopes: ChatScope[];
  commands: MenuCommand[];
}

export const BOT_SCOPES: readonly ChatScope[] = ['personal', 'team', 'groupChat'];

/**
 * The Teams command menu for one scope, taken from the bot's own command catalogue: entries with a
 * `menuTitle`, in catalogue order. Commands that need an attached CSV only make sense in personal chat,
 * the one place Teams hands files to a bot, so team and group chat menus leave them out.
 */
export function menuCommandsFor(scope: ChatScope, catalog: readonly CommandEntry[] = COMMAND_CATALOG): MenuCommand[] {
  const inMenu = (entry: CommandEntry): entry is CommandEntry & { menuTitle: string } =>
    entry.menuTitle !== undefined && (scope === 'personal' || entry.needsFile !== true);
  return catalog
    .filter(inMenu)
    .slice(0, MAX_MENU_COMMANDS)
    .map((entry) => ({ title: entry.menuTitle, description: entry.description }));
}

export function commandListsFor(catalog: readonly CommandEntry[] = COMMAND_CATALOG): CommandList[] {
  return BOT_SCOPES.map((scope) => ({ scopes: [scope], commands: menuCommandsFor(scope, catalog) }));
}
