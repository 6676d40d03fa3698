import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BULK_KINDS, isBulkKind } from '../operations/catalogue';
import type { ConnectionFlags } from './connection';
import { CliError } from './exit-codes';
import type { ExportFlags, ExportTarget } from './export-command';

const USAGE_HINT = 'Run entra-bulk --help for usage.';

const OPTIONS = {
  'graph-url': { type: 'string' },
  'sandbox-user': { type: 'string' },
  'azure-cli': { type: 'boolean' },
  privileged: { type: 'boolean' },
  'client-id': { type: 'string' },
  tenant: { type: 'string' },
  results: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'include-changed': { type: 'boolean' },
  group: { type: 'string' },
  filter: { type: 'string' },
  columns: { type: 'string' },
  out: { type: 'string', short: 'o' },
  partitions: { type: 'string' },
  'auth-methods': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const EXPORT_TARGETS = ['users', 'groups', 'group-members'] as const satisfies readonly ExportTarget[];

const required = (what: string) => z.string({ required_error: `Missing ${what}. ${USAGE_HINT}` });

const kind = z
  .string({ required_error: `Name a kind: ${BULK_KINDS.join(', ')}.` })
  .refine(isBulkKind, (value) => ({ message: `Unknown kind '${value}'. Kinds: ${BULK_KINDS.join(', ')}.` }));

const connection = {
  'graph-url': z.string().optional(),
  'sandbox-user': z.string().optional(),
  'azure-cli': z.boolean().optional(),
  privileged: z.boolean().optional(),
  'client-id': z.string().optional(),
  tenant: z.string().optional(),
};

type ConnectionOptions = z.infer<z.ZodObject<typeof connection>>;

function connectionFlags(options: ConnectionOptions): ConnectionFlags {
  return {
    ...(options['graph-url'] ? { graphUrl: options['graph-url'] } : {}),
    ...(options['sandbox-user'] ? { sandboxUser: options['sandbox-user'] } : {}),
    ...(options['azure-cli'] ? { azureCli: true } : {}),
    ...(options.privileged ? { privileged: true } : {}),
    ...(options['client-id'] ? { clientId: options['client-id'] } : {}),
    ...(options.tenant ? { tenant: options.tenant } : {}),
  };
}

/**
 * One schema per command: its positionals (by name, in order) and the options it takes; anything else is refused.
 * Key order is check order, and only the first problem is reported, so a missing kind is named before a missing file.
 */
const COMMANDS = {
  template: { positionals: ['kind'], schema: z.object({ kind }).strict() },
  validate: { positionals: ['kind', 'file'], schema: z.object({ kind, file: required('the CSV file') }).strict() },
  plan: {
    positionals: ['kind', 'file'],
    schema: z.object({ kind, file: required('the CSV file'), group: z.string().optional(), ...connection }).strict(),
  },
  run: {
    positionals: ['kind', 'file'],
    schema: z
      .object({ kind, file: required('the CSV file'), group: z.string().optional(), results: z.string().optional(), yes: z.boolean().optional(), ...connection })
      .strict(),
  },
  export: {
    positionals: ['target'],
    schema: z
      .object({
        target: z.enum(EXPORT_TARGETS, { errorMap: () => ({ message: 'export what? users, groups or group-members.' }) }),
        partitions: z
          .string()
          .refine((value) => {
            const partitions = Number(value);
            return Number.isInteger(partitions) && partitions >= 1 && partitions <= 64;
          }, '--partitions must be a whole number from 1 to 64')
          .transform(Number)
          .optional(),
        out: required('--out <file.csv> (or --out - for standard output)'),
        filter: z.string().optional(),
        columns: z
          .string()
          .transform((value) => value.split(',').map((column) => column.trim()).filter(Boolean))
          .optional(),
        group: z.string().optional(),
        'auth-methods': z.boolean().optional(),
        ...connection,
      })
      .strict(),
  },
  undo: {
    positionals: ['target'],
    schema: z
      .object({
        target: required('the job id or the results CSV to undo'),
        results: z.string().optional(),
        yes: z.boolean().optional(),
        'include-changed': z.boolean().optional(),
        ...connection,
      })
      .strict(),
  },
  jobs: { positionals: [], schema: z.object({}).strict() },
  status: { positionals: ['job'], schema: z.object({ job: required('the job id') }).strict() },
  cancel: { positionals: ['job'], schema: z.object({ job: required('the job id') }).strict() },
  resume: { positionals: ['job'], schema: z.object({ job: z.string().optional(), ...connection }).strict() },
  doctor: { positionals: [], restAs: 'features', schema: z.object({ features: z.array(z.string()), ...connection }).strict() },
} as const;

type CommandName = keyof typeof COMMANDS;
type Parsed<C extends CommandName> = z.infer<(typeof COMMANDS)[C]['schema']>;

export type CliCommand =
  | { command: 'help'; usageExitCode: 'ok' | 'invalid' }
  | { command: 'template'; args: Parsed<'template'> }
  | { command: 'validate'; args: Parsed<'validate'> }
  | { command: 'plan'; args: Parsed<'plan'>; connection: ConnectionFlags }
  | { command: 'run'; args: Parsed<'run'>; connection: ConnectionFlags }
  | { command: 'export'; target: ExportTarget; flags: ExportFlags; connection: ConnectionFlags }
  | { command: 'undo'; args: Parsed<'undo'>; connection: ConnectionFlags }
  | { command: 'jobs' }
  | { command: 'status' | 'cancel'; args: Parsed<'status'> }
  | { command: 'resume'; args: Parsed<'resume'>; connection: ConnectionFlags }
  | { command: 'doctor'; args: Parsed<'doctor'>; connection: ConnectionFlags };

function isCommandName(value: string): value is CommandName {
  return Object.hasOwn(COMMANDS, value);
}

/** What a refused argument is called in a message: an option by its flag, a stray positional by its value. */
function problemOf(issue: z.ZodIssue, command: CommandName, stray: readonly string[]): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const [key] = issue.keys;
  if (key === STRAY) return `Unexpected argument '${stray[0] ?? ''}' for ${command}. ${USAGE_HINT}`;
  return `--${key ?? ''} does not apply to ${command}. ${USAGE_HINT}`;
}

const STRAY = 'stray positionals';

function validated<C extends CommandName>(command: C, input: Record<string, unknown>, stray: readonly string[]): Parsed<C> {
  const parsed = COMMANDS[command].schema.safeParse(input);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new CliError(first ? problemOf(first, command, stray) : `Invalid arguments. ${USAGE_HINT}`);
  }
  return parsed.data as Parsed<C>;
}

/** Parses and validates entra-bulk's argv; a usage problem is a CliError (exit 1) with the message the admin sees. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}. ${USAGE_HINT}`);
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) return { command: 'help', usageExitCode: command || values.help ? 'ok' : 'invalid' };
  if (!isCommandName(command)) throw new CliError(`Unknown command '${command}'. ${USAGE_HINT}`);

  const spec = COMMANDS[command];
  const named = spec.positionals.length;
  const stray = 'restAs' in spec ? [] : rest.slice(named);
  // An empty argument or option value counts as not given, as it always has.
  const given = Object.entries({ ...values, help: undefined }).filter(([, value]) => value !== undefined && value !== '');
  const input: Record<string, unknown> = {
    ...Object.fromEntries(spec.positionals.map((name, i) => [name, rest[i] || undefined])),
    ...('restAs' in spec ? { [spec.restAs]: rest.slice(named) } : {}),
    ...(stray.length > 0 ? { [STRAY]: stray } : {}),
    ...Object.fromEntries(given),
  };

  switch (command) {
    case 'template':
      return { command, args: validated(command, input, stray) };
    case 'validate':
      return { command, args: validated(command, input, stray) };
    case 'plan': {
      const args = validated(command, input, stray);
      return { command, args, connection: connectionFlags(args) };
    }
    case 'run': {
      const args = validated(command, input, stray);
      return { command, args, connection: connectionFlags(args) };
    }
    case 'export': {
      const args = validated(command, input, stray);
      const flags: ExportFlags = {
        out: args.out,
        ...(args.filter ? { filter: args.filter } : {}),
        ...(args.columns ? { columns: args.columns } : {}),
        ...(args.group ? { group: args.group } : {}),
        ...(args.partitions ? { partitions: args.partitions } : {}),
        ...(args['auth-methods'] ? { authenticationMethods: true } : {}),
      };
      return { command, target: args.target, flags, connection: connectionFlags(args) };
    }
    case 'undo': {
      const args = validated(command, input, stray);
      return { command, args, connection: connectionFlags(args) };
    }
    case 'jobs':
      validated(command, input, stray);
      return { command };
    case 'status':
    case 'cancel':
      return { command, args: validated(command, input, stray) };
    case 'resume': {
      const args = validated(command, input, stray);
      return { command, args, connection: connectionFlags(args) };
    }
    case 'doctor': {
      const args = validated(command, input, stray);
      return { command, args, connection: connectionFlags(args) };
    }
  }
}
