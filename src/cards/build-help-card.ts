import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { commandButton } from './command-button';
import { escapeCardLine, escapeCardText } from './escape-card-text';

export interface HelpCommand {
  usage: string;
  description: string;
  example: string;
  needsFile?: boolean;
}

export interface HelpView {
  /** The bot maps `COMMAND_CATALOG` onto this. */
  commands: readonly HelpCommand[];
  /** Buttons that send a command, at most 4 are shown, e.g. ["jobs", "whoami"]. */
  quickCommands?: readonly string[];
  isPersonalChat: boolean;
}

export const MAX_QUICK_COMMANDS = 4;

export function buildHelpCard(view: HelpView): AdaptiveCardJson {
  const fileNote = view.isPersonalChat ? 'attach the CSV to your message' : 'attach the CSV in a personal chat with me';
  return expandCardTemplate('help', {
    intro:
      'I run bulk Entra ID work as you, with your own admin roles. Type a command or attach a CSV in the Entra portal format; ' +
      'I always show what will happen and wait for your OK before changing anything.',
    commands: view.commands.map((c) => ({
      usage: escapeCardLine(c.usage, 160),
      description: escapeCardLine(c.description, 200),
      exampleText: `e.g. ${escapeCardLine(c.example, 120)}${c.needsFile === true ? ` (${fileNote})` : ''}`,
    })),
    footer: escapeCardText('Words in <angle brackets> are yours to fill in; parts in [square brackets] are optional.'),
    quickCommands: (view.quickCommands ?? []).slice(0, MAX_QUICK_COMMANDS).map((c) => commandButton(c, c)),
  });
}
