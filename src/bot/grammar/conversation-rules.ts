import type { DeletedObjectType } from './parsed-command';
import { isPronoun } from './target-list';
import type { Rule } from './rule';
import { captured, unquote, withoutPossessive } from './rule';

const JOB_WORDS = '(?:(?:my|the|that|this)\\s+)?(?:(?:last|latest|most recent|current|running|recent)\\s+)?(?:bulk\\s+)?job';

/** Who a question is about: a name, or "her"/"him" meaning the targets named last. */
function subject(name: string | undefined): { target: string } | { previous: true } | undefined {
  const cleaned = unquote(name === undefined ? undefined : withoutPossessive(name));
  if (!cleaned) return undefined;
  return isPronoun(cleaned) ? { previous: true } : { target: cleaned };
}

const TYPE_OF_WORD: ReadonlyArray<[RegExp, DeletedObjectType]> = [
  [/^(?:users?|people|who)$/, 'user'],
  [/^groups?$/, 'group'],
];

function typeOfWord(word: string | undefined): { objectType: DeletedObjectType } | Record<string, never> {
  const found = word ? TYPE_OF_WORD.find(([pattern]) => pattern.test(word))?.[1] : undefined;
  return found ? { objectType: found } : {};
}

function period(word: string | undefined): 'today' | 'this-week' {
  return word === 'today' ? 'today' : 'this-week';
}

/** Rules for things admins say in conversation: answers to a card, the latest job, questions. */
export const CONVERSATION_RULES: Rule[] = [
  {
    pattern: /^(?:yes|yeah|yep|yup|sure|go ahead|go for it|do it|confirm|confirmed|proceed|run it|approve|approved|yes (?:go ahead|do it|confirm|proceed|run it))$/d,
    build: () => ({ intent: 'confirm' }),
  },
  {
    pattern: new RegExp(`^(status|cancel|stop|abort|retry|rerun)\\s+(?:of\\s+)?${JOB_WORDS}$`, 'd'),
    build: (match) => {
      const verb = match[1] ?? '';
      const intent = verb === 'status' ? 'status' : verb === 'retry' || verb === 'rerun' ? 'retry' : 'cancel';
      return { intent, latest: true };
    },
  },
  {
    pattern: new RegExp(
      `^(?:what(?:'s| is)\\s+(?:the\\s+)?status\\s+of|how(?:'s| is)|is|where(?:'s| is))\\s+${JOB_WORDS}(?:\\s+(?:doing|going|done|finished|at|coming along))?$`,
      'd',
    ),
    build: () => ({ intent: 'status', latest: true }),
  },
  {
    pattern:
      /^(?:who\s+(?:are|is)\s+(?:the\s+)?members?\s+(?:of|in)|who(?:'s|\s+is|\s+are)\s+in|(?:list|show|get)\s+(?:me\s+)?(?:the\s+|all\s+)?members\s+(?:of|in))\s+(?:the\s+)?(?:group\s+)?(.+)$/d,
    build: (match, text) => {
      const group = unquote(captured(match, text, 1));
      return group ? { intent: 'members-question', group } : undefined;
    },
  },
  {
    pattern: /^(?:list|show|get)\s+(?:me\s+)?(?:the\s+)?(.+?)['’]s?\s+members$/d,
    build: (match, text) => {
      const group = unquote(captured(match, text, 1));
      return group ? { intent: 'members-question', group } : undefined;
    },
  },
  {
    pattern:
      /^(?:(?:what|which\s+(users?|groups?))\s+(?:was|were|got|has been|have been)\s+deleted|(?:(?:list|show)\s+(?:me\s+)?)?(?:what(?:'s| is| was)\s+)?deleted(?:\s+(users?|groups?|items))?)\s+(today|this week|in the last 7 days|in the past week|this past week)$/d,
    build: (match) => {
      const word = match[1] ?? match[2];
      return { intent: 'list-deleted', ...typeOfWord(word?.replace(/s$/, '')), deletedWithin: period(match[3]) };
    },
  },
  {
    pattern: /^who\s+(?:was|were|got)\s+deleted\s+(today|this week|in the last 7 days|in the past week|this past week)$/d,
    build: (match) => ({ intent: 'list-deleted', objectType: 'user', deletedWithin: period(match[1]) }),
  },
  {
    pattern: /^(?:is|was|has|have|are|were)\s+(.+?)\s+(?:been\s+|already\s+|really\s+)?(?:deleted|in the recycle bin|in the recycling bin)$/d,
    build: (match, text) => {
      const who = subject(captured(match, text, 1));
      return who ? { intent: 'deleted-question', ask: 'is-deleted', ...who } : undefined;
    },
  },
  {
    pattern:
      /^(?:when\s+(?:does|will|is)\s+(.+?)\s+restore\s+window\s+(?:end|close|expire|run out)|when\s+(?:does|will)\s+the\s+restore\s+window\s+(?:for|of)\s+(.+?)\s+(?:end|close|expire|run out)|when\s+(?:will|is)\s+(.+?)\s+(?:be\s+)?(?:purged|permanently deleted|gone for good|gone)|how\s+(?:long|many days)\s+(?:do i have\s+)?(?:until|before|left (?:for|to restore)|to restore)\s+(.+?)(?:\s+is\s+(?:purged|gone|permanently deleted))?)$/d,
    build: (match, text) => {
      const group = [1, 2, 3, 4].find((g) => match[g] !== undefined) ?? 1;
      const who = subject(captured(match, text, group));
      return who ? { intent: 'deleted-question', ask: 'restore-window', ...who } : undefined;
    },
  },
];
