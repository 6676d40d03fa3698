import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { runCli } from '../../support/run-cli';
import type { CliRun } from '../../support/run-cli';

let sandbox: RunningSandbox;
let dir: string;

function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir });
}

async function faults(body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

async function exportUsers(file: string): Promise<{ rows: string[]; stderr: string }> {
  const run = await cli(['export', 'users', '--out', file, '--graph-url', sandbox.graphBaseUrl, '--sandbox-user', CONTOSO_PEOPLE.modAdministrator.userPrincipalName]);
  expect(run.code, run.stderr).toBe(0);
  const lines = readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  return { rows: lines.slice(1).sort(), stderr: run.stderr };
}

// Above three pages of 999 users the export lists UPN ranges in parallel (listPartitioned).
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 3_500, seed: 14 });
  dir = mkdtempSync(join(tmpdir(), 'entra-bulk-export-refused-'));
});
afterAll(async () => {
  await sandbox.stop();
});

describe('entra-bulk export users when Graph refuses range queries on userPrincipalName', () => {
  it('writes the same rows as the partitioned export, each once, and says how it ran', async () => {
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { counts: { user: number } };
    const ranged = await exportUsers('ranged.csv');
    expect(ranged.rows).toHaveLength(state.counts.user);
    expect(new Set(ranged.rows).size).toBe(ranged.rows.length);
    expect(ranged.stderr).not.toContain('Graph refused');

    await faults({ unsupportedFilters: ['userPrincipalName ge'] });
    const prefixed = await exportUsers('prefixed.csv');
    expect(prefixed.rows).toEqual(ranged.rows);
    expect(prefixed.stderr).toContain(
      'Note: Graph refused range (ge) queries on userPrincipalName in this tenant, so the export ran in parallel parts by first character instead',
    );

    await faults({ unsupportedFilters: ['userPrincipalName ge', 'userPrincipalName startswith'] });
    const single = await exportUsers('single.csv');
    expect(single.rows).toEqual(ranged.rows);
    expect(single.stderr).toContain('Note: Graph refused range (ge) and startswith queries on userPrincipalName in this tenant, so the export ran as one stream (slower)');
  });
});
