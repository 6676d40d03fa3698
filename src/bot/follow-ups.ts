import { z } from 'zod';
import { escapeCardLine } from '../cards/escape-card-text';
import type { ParsedCommand } from './command-parser';

/** "her", "him", "them" refer to what this admin named in this conversation within this long. */
export const FOLLOW_UP_WINDOW_MS = 30 * 60 * 1000;
const MEMORY_KEY = 'namedTargets';
const MAX_REMEMBERED = 20;

const memorySchema = z.record(z.string(), z.object({ names: z.array(z.string()).max(MAX_REMEMBERED), at: z.number() }));
type Memory = z.infer<typeof memorySchema>;

/** The bot's conversation state (teams-ai's `state.conversation`), kept in the bot's storage between turns. */
export type ConversationBag = Record<string, unknown>;

function memoryOf(bag: ConversationBag): Memory {
  const parsed = memorySchema.safeParse(bag[MEMORY_KEY]);
  return parsed.success ? parsed.data : {};
}

/** The targets a command names explicitly, which a following "her"/"them" refers to. */
export function namedTargetsOf(command: ParsedCommand): string[] {
  switch (command.intent) {
    case 'restore':
    case 'delete-users':
      return command.targets ?? (command.target ? [command.target] : []);
    case 'deleted-question':
    case 'update-user':
      return command.target ? [command.target] : [];
    case 'add-to-group':
    case 'remove-from-group':
      return command.members ?? [];
    default:
      return [];
  }
}

export function rememberNamedTargets(bag: ConversationBag, adminId: string, names: readonly string[], now: number): void {
  if (names.length === 0) return;
  const memory = memoryOf(bag);
  // Only this admin's entry and entries still inside the window are kept, so the state stays small.
  const kept = Object.fromEntries(Object.entries(memory).filter(([, entry]) => now - entry.at < FOLLOW_UP_WINDOW_MS));
  bag[MEMORY_KEY] = { ...kept, [adminId]: { names: names.slice(0, MAX_REMEMBERED), at: now } };
}

export function recallNamedTargets(bag: ConversationBag, adminId: string, now: number): string[] | undefined {
  const entry = memoryOf(bag)[adminId];
  return entry && now - entry.at < FOLLOW_UP_WINDOW_MS && entry.names.length > 0 ? entry.names : undefined;
}

export type FollowUp = { ok: true; command: ParsedCommand } | { ok: false; message: string };

const NOBODY_NAMED = 'Who do you mean? I have not named anyone to you here in the last 30 minutes; type their name, user name or object id.';

/** A command that says "her"/"them", with the remembered targets put in; one-target commands need exactly one. */
export function withNamedTargets(command: ParsedCommand, names: readonly string[] | undefined): FollowUp {
  if (!('previous' in command) || command.previous !== true) return { ok: true, command };
  if (!names || names.length === 0) return { ok: false, message: NOBODY_NAMED };
  const [first] = names;
  const one = names.length === 1 && first !== undefined ? first : undefined;
  const several = names.length > 1 ? [...names] : undefined;
  switch (command.intent) {
    case 'restore': {
      const { previous: _previous, ...rest } = command;
      return { ok: true, command: { ...rest, ...(one ? { target: one } : { targets: several ?? [] }) } };
    }
    case 'delete-users':
      return { ok: true, command: one ? { intent: 'delete-users', target: one } : { intent: 'delete-users', targets: several ?? [] } };
    case 'add-to-group':
    case 'remove-from-group':
      return { ok: true, command: { intent: command.intent, members: [...names], group: command.group } };
    case 'update-user':
    case 'deleted-question': {
      if (!one) return { ok: false, message: `I named ${names.length} people last (${names.map((name) => escapeCardLine(name, 100)).join(', ')}); say which one.` };
      const { previous: _previous, ...rest } = command;
      return { ok: true, command: { ...rest, target: one } };
    }
    default:
      return { ok: true, command };
  }
}
