import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/cli-args';
import { CliError, EXIT } from '../../../src/cli/exit-codes';

function refusal(argv: string[]): { message: string; exitCode: number } {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseCommandLine', () => {
  it('shows the usage for --help (exit 0) and for no command at all (exit 1)', () => {
    expect(parseCommandLine(['--help'])).toEqual({ command: 'help', usageExitCode: 'ok' });
    expect(parseCommandLine(['run', '-h'])).toEqual({ command: 'help', usageExitCode: 'ok' });
    expect(parseCommandLine([])).toEqual({ command: 'help', usageExitCode: 'invalid' });
  });

  it('reads a run: kind, file, its options and the connection', () => {
    expect(parseCommandLine(['run', 'add-group-members', 'm.csv', '--group', 'Sales', '-y', '--results', 'out.csv', '--sandbox-user', 'a@b.c', '--graph-url', 'http://127.0.0.1:5380/v1.0'])).toEqual({
      command: 'run',
      args: { kind: 'add-group-members', file: 'm.csv', group: 'Sales', yes: true, results: 'out.csv', 'sandbox-user': 'a@b.c', 'graph-url': 'http://127.0.0.1:5380/v1.0' },
      connection: { sandboxUser: 'a@b.c', graphUrl: 'http://127.0.0.1:5380/v1.0' },
    });
  });

  it('reads an export: columns split and trimmed, partitions as a number', () => {
    expect(parseCommandLine(['export', 'users', '--out', '-', '--columns', 'id, displayName,,', '--partitions', '8', '--auth-methods', '--azure-cli'])).toEqual({
      command: 'export',
      target: 'users',
      flags: { out: '-', columns: ['id', 'displayName'], partitions: 8, authenticationMethods: true },
      connection: { azureCli: true },
    });
  });

  it('hands doctor every feature named, and resume its optional job', () => {
    expect(parseCommandLine(['doctor', 'restore', 'invite', '--privileged', '--azure-cli'])).toMatchObject({ command: 'doctor', args: { features: ['restore', 'invite'] }, connection: { azureCli: true, privileged: true } });
    expect(parseCommandLine(['resume', '--azure-cli'])).toMatchObject({ command: 'resume', args: {} });
    expect(parseCommandLine(['resume', 'job-1', '--azure-cli'])).toMatchObject({ command: 'resume', args: { job: 'job-1' } });
  });

  it('treats an empty value as not given', () => {
    expect(refusal(['validate', 'restore', ''])).toEqual({ message: 'Missing the CSV file. Run entra-bulk --help for usage.', exitCode: EXIT.invalid });
    expect(parseCommandLine(['plan', 'restore', 'r.csv', '--group', ''])).toMatchObject({ args: { kind: 'restore', file: 'r.csv' } });
  });

  it.each([
    [['frobnicate'], "Unknown command 'frobnicate'. Run entra-bulk --help for usage."],
    [['template'], /^Name a kind: restore, /],
    [['validate', 'payroll', 'x.csv'], /^Unknown kind 'payroll'\. Kinds: restore, /],
    [['plan', 'restore'], 'Missing the CSV file. Run entra-bulk --help for usage.'],
    [['status'], 'Missing the job id. Run entra-bulk --help for usage.'],
    [['export'], 'export what? users, groups or group-members.'],
    [['export', 'devices', '--out', 'x.csv'], 'export what? users, groups or group-members.'],
    [['export', 'users', '--out', 'x.csv', '--partitions', '65'], '--partitions must be a whole number from 1 to 64'],
    [['export', 'users', '--out', 'x.csv', '--partitions', '2.5'], '--partitions must be a whole number from 1 to 64'],
    [['export', 'users'], 'Missing --out <file.csv> (or --out - for standard output). Run entra-bulk --help for usage.'],
    [['plan', 'restore', 'r.csv', '--yes'], '--yes does not apply to plan. Run entra-bulk --help for usage.'],
    [['jobs', '--azure-cli'], '--azure-cli does not apply to jobs. Run entra-bulk --help for usage.'],
    [['validate', 'restore', 'a.csv', 'b.csv'], "Unexpected argument 'b.csv' for validate. Run entra-bulk --help for usage."],
    [['run', 'restore', 'r.csv', '--bogus'], /^Unknown option '--bogus'.*Run entra-bulk --help for usage\.$/],
  ])('refuses %j with exit 1 and a message', (argv, message) => {
    const refused = refusal(argv);
    expect(refused.exitCode).toBe(EXIT.invalid);
    if (typeof message === 'string') expect(refused.message).toBe(message);
    else expect(refused.message).toMatch(message);
  });
});
