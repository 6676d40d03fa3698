import { escapeCardLine } from '../../cards/escape-card-text';
import type { ParsedCommand } from './parsed-command';
import type { Rule } from './rule';
import { captured, unquote } from './rule';
import { isPronoun, splitTargets } from './target-list';

const ADDRESS = /^[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+$/;

function clarify(question: string, options: Array<{ title: string; command: string }>): ParsedCommand {
  return { intent: 'clarify', question, options };
}

/**
 * Phrases that could mean two commands. They never run anything: the bot asks which one, with a button per command
 * that sends it as if typed (so it still gets its dry run and confirm card).
 */
export const NEAR_MISS_RULES: Rule[] = [
  {
    // "remove Adele Vance": delete the user, or take them out of a group?
    pattern: /^remove\s+(.+)$/d,
    build: (match, text) => {
      const who = unquote(captured(match, text, 1));
      if (!who) return undefined;
      if (isPronoun(who)) {
        return clarify('Remove them how? Delete the user (restorable for 30 days), or take them out of a group with "remove them from <group>"?', [
          { title: 'Delete the user', command: 'delete user them' },
        ]);
      }
      const shown = escapeCardLine(who, 200);
      return clarify(`Remove ${shown} how? Delete the user (restorable for 30 days), or take them out of a group with "remove ${shown} from <group>"?`, [
        { title: `Delete user ${who}`, command: `delete user ${who}` },
      ]);
    },
  },
  {
    // "delete Sales": a user, or a group (which this bot does not delete)?
    pattern: /^delete\s+(?!users?(?:\s|$))(.+)$/d,
    build: (match, text) => {
      const what = unquote(captured(match, text, 1));
      if (!what) return undefined;
      // "delete her" right after naming someone: a person, so a user.
      if (isPronoun(what)) return { intent: 'delete-users', previous: true };
      const { targets } = splitTargets(what);
      const command = `delete user${targets.length > 1 ? 's' : ''} ${what}`;
      return clarify(
        `Delete which kind of object is "${escapeCardLine(what, 200)}"? I delete users (they stay restorable for 30 days); groups and other objects are deleted in the Entra admin center.`,
        [{ title: targets.length > 1 ? 'Delete these users' : `Delete user ${what}`, command }],
      );
    },
  },
  {
    // "add ana@fabrikam.com": invite a guest, or add to a group?
    pattern: /^add\s+(?!(?:members|users|people|guests)(?:\s|$))(.+)$/d,
    build: (match, text) => {
      const who = unquote(captured(match, text, 1));
      if (!who) return undefined;
      const { targets } = splitTargets(who);
      const options = targets.every((t) => ADDRESS.test(t)) ? [{ title: `Invite ${who} as guest`, command: `invite ${targets.join(', ')}` }] : [];
      const shown = escapeCardLine(who, 200);
      return clarify(`Add ${shown} where? Type "add ${shown} to <group>" to add to a group${options.length > 0 ? ', or invite them as guests' : ''}.`, options);
    },
  },
];
