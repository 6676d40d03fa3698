import type { ParsedCommand } from './parsed-command';
import type { UserPropertyColumn } from './user-properties';
import { USER_PROPERTY_WORDS } from './user-properties';
import { isPronoun, MAX_TYPED_TARGETS, splitTargets, tooManyTargetsMessage } from './target-list';
import type { Rule } from './rule';
import { captured, unquote, withoutPossessive } from './rule';


const PROPERTY = Object.keys(USER_PROPERTY_WORDS)
  .sort((a, b) => b.length - a.length)
  .map((word) => word.replace(/[-\s]/g, '[-\\s]'))
  .join('|');

function propertyOf(word: string | undefined): UserPropertyColumn | undefined {
  const key = word?.toLowerCase().replace(/\s+/g, ' ') as keyof typeof USER_PROPERTY_WORDS | undefined;
  return key && Object.prototype.hasOwnProperty.call(USER_PROPERTY_WORDS, key) ? USER_PROPERTY_WORDS[key] : undefined;
}

/** Who a change is for: one user, or "her"/"him" meaning the targets named last. */
function userOf(name: string | undefined): { target: string } | { previous: true } | undefined {
  const cleaned = unquote(name === undefined ? undefined : withoutPossessive(name));
  if (!cleaned) return undefined;
  return isPronoun(cleaned) ? { previous: true } : { target: cleaned };
}

function buildUpdate(who: string | undefined, propertyWord: string | undefined, rawValue: string | undefined): ParsedCommand | undefined {
  const property = propertyOf(propertyWord);
  const user = userOf(who);
  const value = unquote(rawValue);
  if (!property || !user || !value) return undefined;
  return { intent: 'update-user', ...user, property, value };
}

function membership(intent: 'add-to-group' | 'remove-from-group', members: string | undefined, group: string | undefined): ParsedCommand | undefined {
  const groupName = unquote(group);
  // "add user bob@contoso.com to Sales": the word "user" only says what bob is.
  const who = unquote(members?.replace(/^(?:the\s+)?(?:members?|users?|guests?|people)\s+/i, ''));
  if (!groupName || !who) return undefined;
  if (isPronoun(who)) return { intent, previous: true, group: groupName };
  const list = splitTargets(who).targets;
  if (list.length > MAX_TYPED_TARGETS) return { intent: 'invalid', command: intent, message: tooManyTargetsMessage(list.length, 'members') };
  return { intent, members: list, group: groupName };
}

/** Single changes without a file: one membership, one property of one user. */
export const CHANGE_RULES: Rule[] = [
  {
    pattern: /^add\s+(.+?)\s+(?:to|into)\s+(?:the\s+)?(?:group\s+)?(.+?)(?:\s+group)?$/d,
    build: (match, text) => membership('add-to-group', captured(match, text, 1), captured(match, text, 2)),
  },
  {
    pattern: /^(?:remove|take)\s+(.+?)\s+(?:out\s+of|off|from)\s+(?:the\s+)?(?:group\s+)?(.+?)(?:\s+group)?$/d,
    build: (match, text) => membership('remove-from-group', captured(match, text, 1), captured(match, text, 2)),
  },
  {
    // "make Adele Vance's department Marketing", "set Adele Vance's job title to Engineer"
    pattern: new RegExp(`^(?:make|set|change|update)\\s+(.+?)['’]s?\\s+(${PROPERTY})\\s+(?:to\\s+|=\\s*|as\\s+)?(.+)$`, 'd'),
    build: (match, text) => buildUpdate(captured(match, text, 1), match[2], captured(match, text, 3)),
  },
  {
    // "set her department to Marketing": the user named last.
    pattern: new RegExp(`^(?:make|set|change|update)\\s+(?:her|his|their)\\s+(${PROPERTY})\\s+(?:to\\s+|=\\s*|as\\s+)?(.+)$`, 'd'),
    build: (match, text) => buildUpdate('her', match[1], captured(match, text, 2)),
  },
  {
    // "change the department of Adele Vance to Marketing", "set the job title for Adele Vance to Engineer"
    pattern: new RegExp(`^(?:make|set|change|update)\\s+(?:the\\s+)?(${PROPERTY})\\s+(?:of|for)\\s+(.+?)\\s+(?:to|=|as)\\s+(.+)$`, 'd'),
    build: (match, text) => buildUpdate(captured(match, text, 2), match[1], captured(match, text, 3)),
  },
];
