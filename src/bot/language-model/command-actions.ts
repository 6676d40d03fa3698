import { z } from 'zod';
import { EXPORT_FILTER_PROPERTIES } from '../command-parser';
import type { ParsedCommand } from '../command-parser';
import { SELECTABLE_USER_COLUMNS, userExportColumnHeaders } from '../../operations/export-columns';
import { definitionOf } from '../../operations/catalogue';
import type { BulkKind } from '../../operations/catalogue';

/**
 * The commands a language model may propose, one action each, with the same shapes as the grammar's ParsedCommand.
 * `mentioned` lists every free-text value of a proposal (names, addresses, groups, job ids, filter values): each must
 * be in the admin's own message, so a name the model made up, or read in a display name or a CSV cell, never
 * becomes a target.
 */
export interface CommandAction {
  name: string;
  description: string;
  /** The arguments' shape; the JSON schema the model sees is derived from it. */
  args: z.AnyZodObject;
  /** The command the arguments propose, or what is wrong with them (paths and codes only, never the values). */
  read(raw: unknown): Proposal | { problems: string[] };
}

export interface Proposal {
  command: ParsedCommand;
  mentioned: string[];
}

const OBJECT_TYPES = ['user', 'group', 'application', 'servicePrincipal', 'administrativeUnit'] as const;
const TEMPLATE_KINDS = ['restore', 'invite', 'create-users', 'delete-users', 'update-users', 'group-members'] as const;
const FILTER_PROPERTIES = [...new Set(Object.values(EXPORT_FILTER_PROPERTIES))] as [string, ...string[]];
const COLUMN_HEADERS = SELECTABLE_USER_COLUMNS.map((column) => column.header) as [string, ...string[]];

const text = (description: string) => z.string().trim().min(1).max(256).describe(description);
const objectType = z.enum(OBJECT_TYPES).describe('Only when the admin names the kind of object; users when unsure is wrong, leave it out');
const jobId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,63}$/i)
  .describe('A job id exactly as the admin wrote it; leave it out for their most recent job');
const target = text('The name, user principal name, mail or object id exactly as the admin wrote it, never completed or corrected');
const group = text('The group name, mail or object id exactly as the admin wrote it');

function action<Shape extends z.ZodRawShape>(
  name: string,
  description: string,
  shape: Shape,
  build: (args: z.infer<z.ZodObject<Shape, 'strict'>>) => Proposal,
): CommandAction {
  const args = z.object(shape).strict();
  return {
    name,
    description,
    args,
    read(raw) {
      const parsed = args.safeParse(raw);
      if (parsed.success) return build(parsed.data);
      return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.code}`) };
    },
  };
}

/** A catalogue kind's own help line, so the model is told what the help card tells admins. */
function described(kind: BulkKind, extra = ''): string {
  const chat = definitionOf(kind).chat;
  return `${chat.description} (typed: ${chat.usage})${extra}`;
}

const only = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;

const bare = (intent: 'help' | 'jobs' | 'whoami' | 'check-setup' | 'export-groups' | 'create-users' | 'update-users', description: string) =>
  action(intent, description, {}, () => ({ command: { intent }, mentioned: [] }));

const aboutJob = (intent: 'status' | 'cancel' | 'retry', description: string) =>
  action(intent, description, { job: jobId.optional() }, ({ job }) => ({ command: only({ intent, job }), mentioned: job ? [job] : [] }));

export const COMMAND_ACTIONS: readonly CommandAction[] = [
  action(
    'restore',
    described('restore', '. One object per call.'),
    { target, objectType: objectType.optional(), newUserPrincipalName: z.string().email().optional(), reconcileProxy: z.boolean().optional() },
    (args) => ({
      command: only({ intent: 'restore', target: args.target, objectType: args.objectType, newUserPrincipalName: args.newUserPrincipalName, reconcileProxy: args.reconcileProxy === true }),
      mentioned: [args.target, ...(args.newUserPrincipalName ? [args.newUserPrincipalName] : [])],
    }),
  ),
  action('purge', described('purge', '. Cannot be undone; one object per call.'), { target, objectType: objectType.optional() }, (args) => ({
    command: only({ intent: 'purge', target: args.target, objectType: args.objectType }),
    mentioned: [args.target],
  })),
  action(
    'list-deleted',
    'Lists what is in the recycle bin (deleted users, groups, apps…), optionally only names starting with a search text',
    { objectType: objectType.optional(), search: text('The start of the names to list, exactly as the admin wrote it').optional() },
    (args) => ({ command: only({ intent: 'list-deleted', objectType: args.objectType, search: args.search }), mentioned: args.search ? [args.search] : [] }),
  ),
  action(
    'invite',
    described('invite', '. One address per call.'),
    {
      email: z.string().email().describe('The guest\'s email address exactly as the admin wrote it'),
      displayName: text('The guest\'s name, only when the admin gave one').optional(),
      redirectUrl: z.string().url().describe('Only when the admin gave one').optional(),
      message: text('The invitation message, only when the admin wrote one').optional(),
      sendEmail: z.boolean().describe('False only when the admin asked not to send the invitation email').optional(),
    },
    (args) => ({
      command: only({ intent: 'invite', email: args.email, displayName: args.displayName, redirectUrl: args.redirectUrl, message: args.message, sendEmail: args.sendEmail !== false }),
      mentioned: [args.email, args.displayName, args.redirectUrl, args.message].filter((value): value is string => value !== undefined),
    }),
  ),
  action(
    'export-users',
    'Downloads the users as a CSV, optionally only guests or members, only those where one property has one value, or only some columns',
    {
      userType: z.enum(['Guest', 'Member']).optional(),
      where: z
        .object({ property: z.enum(FILTER_PROPERTIES).describe('The Graph property'), value: text('The value it must have, exactly as the admin wrote it') })
        .strict()
        .describe('Only users whose property has this value')
        .optional(),
      columns: z.array(z.enum(COLUMN_HEADERS)).min(1).optional(),
    },
    (args) => {
      const headers = args.columns ? userExportColumnHeaders(args.columns) : undefined;
      return {
        command: only({ intent: 'export-users', userType: args.userType, where: args.where, columns: headers?.ok ? headers.headers : undefined }),
        mentioned: args.where ? [args.where.value] : [],
      };
    },
  ),
  bare('export-groups', 'Downloads all groups as a CSV'),
  action('export-group-members', 'Downloads the members of one group as a CSV', { group }, (args) => ({
    command: { intent: 'export-group-members', group: args.group },
    mentioned: [args.group],
  })),
  action('add-group-members', described('add-group-members'), { group }, (args) => ({ command: { intent: 'add-group-members', group: args.group }, mentioned: [args.group] })),
  action('remove-group-members', described('remove-group-members'), { group }, (args) => ({
    command: { intent: 'remove-group-members', group: args.group },
    mentioned: [args.group],
  })),
  bare('create-users', described('create-users')),
  action('delete-users', described('delete-users', '; with a target, deletes that one user'), { target: target.optional() }, (args) => ({
    command: only({ intent: 'delete-users', target: args.target }),
    mentioned: args.target ? [args.target] : [],
  })),
  bare('update-users', described('update-users')),
  action('template', 'Sends the CSV template of a bulk operation', { kind: z.enum(TEMPLATE_KINDS).optional() }, (args) => ({
    command: only({ intent: 'template', kind: args.kind }),
    mentioned: [],
  })),
  bare('jobs', 'Lists the admin\'s jobs'),
  aboutJob('status', 'Shows the progress of a job'),
  aboutJob('cancel', 'Cancels a job'),
  aboutJob('retry', 'Retries the failed rows of a job'),
  bare('whoami', 'Shows who the admin is signed in as and what their roles allow'),
  bare('check-setup', 'Checks the permissions and roles the bot needs'),
  bare('help', 'Shows what the bot can do'),
];

export function commandAction(name: string): CommandAction | undefined {
  return COMMAND_ACTIONS.find((candidate) => candidate.name === name);
}
