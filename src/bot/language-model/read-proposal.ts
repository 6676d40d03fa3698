import { isDeepStrictEqual } from 'node:util';
import { parseCommand } from '../command-parser';
import type { ParsedCommand } from '../command-parser';
import { commandAction } from './command-actions';
import { commandText } from './command-text';

/** One action the model asked for: its name and its arguments as parsed from the model's JSON. */
export interface ProposedAction {
  action: string;
  parameters: unknown;
}

export type Reading =
  /** `text` is the command as typed; the grammar reads it back as exactly `command`. */
  | { kind: 'command'; command: ParsedCommand; text: string }
  /** The proposal names something the admin did not write: refused with a plain message. */
  | { kind: 'refused'; action: string; message: string }
  /** Nothing usable; `reason` is for the log and never contains the admin's text or the model's values. */
  | { kind: 'not-understood'; reason: string };

export const FOREIGN_TARGET_MESSAGE =
  "The language model proposed a command naming something that isn't in your message, so I ignored it and did nothing. " +
  'Type the command with the exact names (`help` lists the commands).';

const ENTITIES: Readonly<Record<string, string>> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Case, quotes, mentions and spacing aside: what the admin's text and a proposed value are compared as. */
function normalised(value: string): string {
  return value
    .replace(/<at[^>]*>.*?<\/at>/gi, ' ')
    .replace(/&(?:nbsp|amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/["“”„'‘’`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** `value` occurs in `message` as whole words: "Ann" is not in "Anne", "bob@contoso.com" is not in "jbob@contoso.com". */
export function isMentioned(message: string, value: string): boolean {
  const haystack = normalised(message);
  const needle = normalised(value);
  if (needle === '') return false;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    const edgeOk = (edge: string | undefined, inner: string | undefined) => edge === undefined || !WORD_CHARACTER.test(edge) || !WORD_CHARACTER.test(inner ?? '');
    if (edgeOk(before, needle[0]) && edgeOk(after, needle[needle.length - 1])) return true;
  }
  return false;
}

/**
 * Turns the model's proposal into a command the admin could have typed, or says why not. Exactly one known action,
 * arguments valid for its schema, every name in it written by the admin, and a command text the grammar reads back
 * as the very same command: what the admin is shown is what runs.
 */
export function readProposal(message: string, proposed: readonly ProposedAction[]): Reading {
  if (proposed.length === 0) return { kind: 'not-understood', reason: 'the model proposed no action' };
  if (proposed.length > 1) return { kind: 'not-understood', reason: `the model proposed ${proposed.length} actions; one command is read at a time` };
  const [only] = proposed;
  const action = only ? commandAction(only.action) : undefined;
  if (!only || !action) return { kind: 'not-understood', reason: 'the model proposed an action that is not in the list' };
  const read = action.read(only.parameters);
  if ('problems' in read) return { kind: 'not-understood', reason: `the arguments of ${action.name} do not fit its schema (${read.problems.join('; ')})` };
  if (!read.mentioned.every((value) => isMentioned(message, value))) {
    return { kind: 'refused', action: action.name, message: FOREIGN_TARGET_MESSAGE };
  }
  const text = commandText(read.command);
  if (text === undefined || !isDeepStrictEqual(parseCommand(text), read.command)) {
    return { kind: 'not-understood', reason: `the ${action.name} proposal does not read back as the same command` };
  }
  return { kind: 'command', command: read.command, text };
}
