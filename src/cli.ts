#!/usr/bin/env node
import { renderTemplate } from './csv/csv-template';
import { BULK_KINDS, csvKindFor } from './operations/catalogue';
import { csvTemplateFor } from './operations/csv-kinds';
import { planCommand, runCommand, validateCommand } from './cli/bulk-commands';
import type { Io } from './cli/io';
import { parseCommandLine } from './cli/cli-args';
import { connect } from './cli/connection';
import { doctorCommand } from './cli/doctor-command';
import { exportCommand } from './cli/export-command';
import { CliError, EXIT } from './cli/exit-codes';
import { cancelCommand, jobsCommand, resumeCommand, statusCommand } from './cli/job-commands';
import { jobStoreFromEnv } from './cli/job-store-from-env';
import { undoCommand } from './cli/undo-command';

const USAGE = `entra-bulk — bulk Entra ID work through Microsoft Graph, as you.

  entra-bulk template <kind>                       print the portal-compatible CSV template
  entra-bulk validate <kind> <file.csv>            check a file without touching Graph (exit 0 valid, 1 invalid)
  entra-bulk plan <kind> <file.csv>                dry run against Graph: what would happen to each row
  entra-bulk run <kind> <file.csv> [--results out.csv] [--yes]
  entra-bulk export users|groups|group-members [--filter <odata>] [--columns a,b] [--group <g>] [--auth-methods] --out <file.csv|->
  entra-bulk undo <job id | results.csv> [--include-changed] [--results out.csv] [--yes]
                                                   the inverse of a finished job over the rows it changed (from a
                                                   results CSV no job store is needed); rows changed since are skipped
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

export async function main(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv);
  const say = (line: string) => io.err.write(`${line}\n`);
  switch (parsed.command) {
    case 'help':
      io.out.write(USAGE);
      return EXIT[parsed.usageExitCode];
    case 'template':
      io.out.write(renderTemplate(csvTemplateFor(csvKindFor(parsed.args.kind))));
      return EXIT.ok;
    case 'validate':
      return validateCommand(parsed.args.kind, parsed.args.file, io);
    case 'plan': {
      const { kind, file, group } = parsed.args;
      return planCommand(kind, file, connect(parsed.connection, say).graph, group ? { group } : {}, io);
    }
    case 'run': {
      const { kind, file, group, results, yes } = parsed.args;
      return runCommand(
        kind,
        file,
        connect(parsed.connection, say),
        { ...(group ? { group } : {}), yes: yes === true, ...(results ? { resultsPath: results } : {}) },
        await jobStoreFromEnv(),
        io,
      );
    }
    case 'undo': {
      const { target, results, yes } = parsed.args;
      const flags = { yes: yes === true, includeChanged: parsed.args['include-changed'] === true, ...(results ? { resultsPath: results } : {}) };
      return undoCommand(target, connect(parsed.connection, say), flags, await jobStoreFromEnv(), io);
    }
    case 'jobs':
      return jobsCommand(await jobStoreFromEnv(), io);
    case 'status':
      return statusCommand(await jobStoreFromEnv(), parsed.args.job, io);
    case 'cancel':
      return cancelCommand(await jobStoreFromEnv(), parsed.args.job, io);
    case 'doctor': {
      const { graph, tokens } = connect(parsed.connection, say);
      return doctorCommand(parsed.args.features, graph, tokens, io);
    }
    case 'resume': {
      const { graph, tokens } = connect(parsed.connection, say);
      return resumeCommand(await jobStoreFromEnv(), graph, tokens, parsed.args.job, io);
    }
    case 'export':
      return exportCommand(parsed.target, connect(parsed.connection, say).graph, parsed.flags, io);
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
      process.stderr.write(`Unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.invalid;
    });
}
