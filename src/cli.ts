#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { renderTemplate } from './csv/csv-template';
import { BULK_KINDS, csvKindFor, isBulkKind } from './operations/catalogue';
import { csvTemplateFor } from './operations/csv-kinds';
import type { BulkKind } from './operations/catalogue';
import { planCommand, runCommand, validateCommand } from './cli/bulk-commands';
import type { Io } from './cli/io';
import { connect } from './cli/connection';
import type { ConnectionFlags } from './cli/connection';
import { doctorCommand } from './cli/doctor-command';
import { exportCommand } from './cli/export-command';
import type { ExportTarget } from './cli/export-command';
import { CliError, EXIT } from './cli/exit-codes';
import { cancelCommand, jobsCommand, resumeCommand, statusCommand } from './cli/job-commands';
import { jobStoreFromEnv } from './cli/job-store-from-env';

const USAGE = `entra-bulk — bulk Entra ID work through Microsoft Graph, as you.

  entra-bulk template <kind>                       print the portal-compatible CSV template
  entra-bulk validate <kind> <file.csv>            check a file without touching Graph (exit 0 valid, 1 invalid)
  entra-bulk plan <kind> <file.csv>                dry run against Graph: what would happen to each row
  entra-bulk run <kind> <file.csv> [--results out.csv] [--yes]
  entra-bulk export users|groups|group-members [--filter <odata>] [--columns a,b] [--group <g>] [--auth-methods] --out <file.csv|->
  entra-bulk jobs | status <job> | cancel <job> | resume [<job>]
                                                   jobs in the store named by AZURE_STORAGE_CONNECTION_STRING
  entra-bulk doctor [feature ...]                  read-only setup check: Graph, permissions, roles, tenant settings,
                                                   queries; exit 3 when something you asked about can't work

kinds: ${BULK_KINDS.join(', ')}
  add-group-members and remove-group-members also need --group <name or object id>.

connection:
  --graph-url <url>       Graph endpoint (default https://graph.microsoft.com/v1.0; the sandbox: http://127.0.0.1:<port>/v1.0)
  --sandbox-user <upn>    act as this user of the local sandbox
  --azure-cli             act as the account signed in with \`az login\`
  --client-id <app id> --tenant <tenant id>   sign in with a device code to your own app registration
  --privileged            also ask for Directory.AccessAsUser.All and RoleManagement.ReadWrite.Directory, for rows on
                          admins and role-assignable groups (admin consent needed; the Teams app never asks for them)

exit codes: 0 every row succeeded · 1 invalid input or usage · 2 some rows failed (see the results file) · 3 authentication or permission
`;

const OPTIONS = {
  'graph-url': { type: 'string' },
  'sandbox-user': { type: 'string' },
  'azure-cli': { type: 'boolean' },
  privileged: { type: 'boolean' },
  'client-id': { type: 'string' },
  tenant: { type: 'string' },
  results: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  group: { type: 'string' },
  filter: { type: 'string' },
  columns: { type: 'string' },
  out: { type: 'string', short: 'o' },
  partitions: { type: 'string' },
  'auth-methods': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function bulkKind(value: string | undefined): BulkKind {
  if (value && isBulkKind(value)) return value;
  throw new CliError(value ? `Unknown kind '${value}'. Kinds: ${BULK_KINDS.join(', ')}.` : `Name a kind: ${BULK_KINDS.join(', ')}.`);
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new CliError(`Missing ${what}. Run entra-bulk --help for usage.`);
  return value;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, first, second] = positionals;
  if (values.help || !command) {
    io.out.write(USAGE);
    return command || values.help ? EXIT.ok : EXIT.invalid;
  }
  const connection: ConnectionFlags = {
    ...(values['graph-url'] ? { graphUrl: values['graph-url'] } : {}),
    ...(values['sandbox-user'] ? { sandboxUser: values['sandbox-user'] } : {}),
    ...(values['azure-cli'] ? { azureCli: true } : {}),
    ...(values.privileged ? { privileged: true } : {}),
    ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
    ...(values.tenant ? { tenant: values.tenant } : {}),
  };
  const say = (line: string) => io.err.write(`${line}\n`);
  const options = values.group ? { group: values.group } : {};

  switch (command) {
    case 'template': {
      io.out.write(renderTemplate(csvTemplateFor(csvKindFor(bulkKind(first)))));
      return EXIT.ok;
    }
    case 'validate':
      return validateCommand(bulkKind(first), need(second, 'the CSV file'), io);
    case 'plan':
      return planCommand(bulkKind(first), need(second, 'the CSV file'), connect(connection, say).graph, options, io);
    case 'run':
      return runCommand(
        bulkKind(first),
        need(second, 'the CSV file'),
        connect(connection, say),
        { ...options, yes: values.yes === true, ...(values.results ? { resultsPath: values.results } : {}) },
        await jobStoreFromEnv(),
        io,
      );
    case 'jobs':
      return jobsCommand(await jobStoreFromEnv(), io);
    case 'status':
      return statusCommand(await jobStoreFromEnv(), need(first, 'the job id'), io);
    case 'cancel':
      return cancelCommand(await jobStoreFromEnv(), need(first, 'the job id'), io);
    case 'doctor': {
      const { graph, tokens } = connect(connection, say);
      return doctorCommand(positionals.slice(1), graph, tokens, io);
    }
    case 'resume': {
      const { graph, tokens } = connect(connection, say);
      return resumeCommand(await jobStoreFromEnv(), graph, tokens, first, io);
    }
    case 'export': {
      const target = first as ExportTarget | undefined;
      if (target !== 'users' && target !== 'groups' && target !== 'group-members') {
        throw new CliError('export what? users, groups or group-members.');
      }
      const partitions = values.partitions ? Number(values.partitions) : undefined;
      if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1 || partitions > 64)) {
        throw new CliError('--partitions must be a whole number from 1 to 64');
      }
      return exportCommand(target, connect(connection, say).graph, {
        out: need(values.out, '--out <file.csv> (or --out - for standard output)'),
        ...(values.filter ? { filter: values.filter } : {}),
        ...(values.columns ? { columns: values.columns.split(',').map((c) => c.trim()).filter(Boolean) } : {}),
        ...(values.group ? { group: values.group } : {}),
        ...(partitions ? { partitions } : {}),
        ...(values['auth-methods'] ? { authenticationMethods: true } : {}),
      }, io);
    }
    default:
      throw new CliError(`Unknown command '${command}'. Run entra-bulk --help for usage.`);
  }
}

if (require.main === module) {
  const io: Io = { out: process.stdout, err: process.stderr, isInteractive: process.stdin.isTTY === true };
  main(process.argv.slice(2), io)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      if (error instanceof CliError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = error.exitCode;
        return;
      }
      if (error instanceof TypeError && 'code' in error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`${error.message}. Run entra-bulk --help for usage.\n`);
        process.exitCode = EXIT.invalid;
        return;
      }
      process.stderr.write(`Unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.invalid;
    });
}
