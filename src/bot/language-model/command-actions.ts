import { z } from 'zod';
import { EXPORT_FILTER_PROPERTIES } from '../command-parser';
import type { ParsedCommand } from '../command-parser';
import { SELECTABLE_USER_COLUMNS, userExportColumnHeaders } from '../../operations/export-columns';
import { definitionOf } from '../../operations/catalogue';
import type { BulkKind } from '../../operations/catalogue';
import { MAX_TYPED_TARGETS } from '../grammar/target-list';
import { USER_PROPERTY_WORDS } from '../grammar/user-properties';
import type { UserPropertyColumn } from '../grammar/user-properties';

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
/** As many names as one typed message may hold (the grammar's limit); more belong in a CSV. */
const targets = z.array(target).min(1).max(MAX_TYPED_TARGETS).describe(`Every name the admin wrote, each on its own, at most ${MAX_TYPED_TARGETS}`);
const email = z.string().email();
const emails = z
  .array(email.describe('One address exactly as the admin wrote it'))
  .min(1)
  .max(MAX_TYPED_TARGETS)
  .describe(`Every guest address the admin wrote, at most ${MAX_TYPED_TARGETS}`);
const USER_PROPERTIES = [...new Set(Object.values(USER_PROPERTY_WORDS))] as [UserPropertyColumn, ...UserPropertyColumn[]];

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

/** One name as the grammar's `target`, two or more as its `targets`: the shape a typed list reads as. */
const oneOrMore = (names: string[]): { target: string } | { targets: string[] } => (names.length === 1 ? { target: names[0] ?? '' } : { targets: names });

const membership = (intent: 'add-to-group' | 'remove-from-group', description: string) =>
  action(intent, description, { members: targets, group }, (args) => ({
    command: { intent, members: args.members, group: args.group },
    mentioned: [...args.members, args.group],
  }));

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
  action(
    'restore-several',
    'Restores several deleted objects named in the message (users unless the admin names another kind), one confirm card for all',
    { targets, objectType: objectType.optional(), reconcileProxy: z.boolean().optional() },
    (args) => ({
      command: only({ intent: 'restore', ...oneOrMore(args.targets), objectType: args.objectType, reconcileProxy: args.reconcileProxy === true }),
      mentioned: args.targets,
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
    'invite-several',
    'Invites several guests by the email addresses in the message, one confirm card for all',
    {
      emails,
      redirectUrl: z.string().url().describe('Only when the admin gave one').optional(),
      message: text('The invitation message, only when the admin wrote one').optional(),
      sendEmail: z.boolean().describe('False only when the admin asked not to send the invitation email').optional(),
    },
    (args) => ({
      command: only({
        intent: 'invite',
        ...(args.emails.length === 1 ? { email: args.emails[0] } : { emails: args.emails }),
        redirectUrl: args.redirectUrl,
        message: args.message,
        sendEmail: args.sendEmail !== false,
      }),
      mentioned: [...args.emails, args.redirectUrl, args.message].filter((value): value is string => value !== undefined),
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
  action('members-question', 'Answers who the members of one group are, in the chat', { group }, (args) => ({
    command: { intent: 'members-question', group: args.group },
    mentioned: [args.group],
  })),
  membership('add-to-group', 'Adds the users named in the message to one group'),
  membership('remove-from-group', 'Removes the users named in the message from one group'),
  bare('create-users', described('create-users')),
  action('delete-users', described('delete-users', '; with a target, deletes that one user'), { target: target.optional() }, (args) => ({
    command: only({ intent: 'delete-users', target: args.target }),
    mentioned: args.target ? [args.target] : [],
  })),
  action('delete-several-users', 'Deletes the users named in the message, one confirm card for all', { targets }, (args) => ({
    command: { intent: 'delete-users', ...oneOrMore(args.targets) },
    mentioned: args.targets,
  })),
  bare('update-users', described('update-users')),
  action(
    'update-user',
    'Sets one property of one user to a value, e.g. the job title of a user',
    { target, property: z.enum(USER_PROPERTIES).describe('The user property to set'), value: text('The new value exactly as the admin wrote it') },
    (args) => ({ command: { intent: 'update-user', target: args.target, property: args.property, value: args.value }, mentioned: [args.target, args.value] }),
  ),
  action('template', 'Sends the CSV template of a bulk operation', { kind: z.enum(TEMPLATE_KINDS).optional() }, (args) => ({
    command: only({ intent: 'template', kind: args.kind }),
    mentioned: [],
  })),
  bare('jobs', 'Lists the admin\'s jobs'),
  aboutJob('status', 'Shows the progress of a job'),
  aboutJob('cancel', 'Cancels a job'),
  aboutJob('retry', 'Retries the failed rows of a job'),
  action(
    'undo',
    'Undoes a finished job: its inverse over the rows it changed, after a dry run and the admin\'s confirmation',
    { job: jobId.optional(), last: z.boolean().describe('True when the admin asked to undo their last job').optional() },
    (args) => ({
      command: args.last === true ? { intent: 'undo', last: true } : only({ intent: 'undo', job: args.job }),
      mentioned: args.job && args.last !== true ? [args.job] : [],
    }),
  ),
  bare('whoami', 'Shows who the admin is signed in as and what their roles allow'),
  bare('check-setup', 'Checks the permissions and roles the bot needs'),
  bare('help', 'Shows what the bot can do'),
];

export function commandAction(name: string): CommandAction | undefined {
  return COMMAND_ACTIONS.find((candidate) => candidate.name === name);
}
