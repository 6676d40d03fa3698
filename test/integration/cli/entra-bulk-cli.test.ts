import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
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

const as = (user: string) => ['--graph-url', sandbox.graphBaseUrl, '--sandbox-user', user];
const userAdmin = CONTOSO_PEOPLE.alexWilber.userPrincipalName;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  dir = mkdtempSync(join(tmpdir(), 'entra-bulk-cli-'));
});
afterAll(async () => {
  await sandbox.stop();
});

describe('entra-bulk template and validate (no Graph)', () => {
  it('prints the portal restore template', async () => {
    const run = await cli(['template', 'restore']);
    expect(run.code).toBe(0);
    expect(run.stdout.split(/\r?\n/).slice(0, 2)).toEqual(['version:v1.0', 'Object ID [objectId] Required']);
  });

  it('lists every error with its line and column and exits 1', async () => {
    writeFileSync(join(dir, 'bad-invite.csv'), 'version:v1.0\nEmail address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required\nana@@fabrikam.com,https://myapplications.microsoft.com\nben@fabrikam.com,not-a-url\n');
    const run = await cli(['validate', 'invite', 'bad-invite.csv']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("line 3, Email address to invite: 'ana@@fabrikam.com'");
    expect(run.stdout).toMatch(/line 4, Redirection url/);
  });

  it('says which template a file is when it is the wrong one', async () => {
    writeFileSync(join(dir, 'restore.csv'), 'version:v1.0\nObject ID [objectId] Required\n' + CONTOSO_PEOPLE.adeleVanceDeleted.id + '\n');
    const run = await cli(['validate', 'invite', 'restore.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr.toLowerCase()).toContain('restore');
  });

  it('rejects unknown kinds and commands with usage hints', async () => {
    expect((await cli(['validate', 'payroll', 'x.csv'])).code).toBe(1);
    expect((await cli(['frobnicate'])).stderr).toContain('Unknown command');
  });
});

describe('entra-bulk against the sandbox', () => {
  it('needs to know who to act as', async () => {
    const run = await cli(['plan', 'restore', 'restore.csv', '--graph-url', sandbox.graphBaseUrl]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('--sandbox-user');
  });

  it('plans, then runs a restore file with one result per row', async () => {
    const rows = [CONTOSO_PEOPLE.meganBowenDeleted.id, CONTOSO_PEOPLE.christieClineOldDeleted.id, '0f0f0f0f-0000-4000-8000-000000000000'];
    writeFileSync(join(dir, 'restore-three.csv'), `version:v1.0\r\nObject ID [objectId] Required\r\n${rows.join('\r\n')}\r\n`);
    const plan = await cli(['plan', 'restore', 'restore-three.csv', ...as(userAdmin)]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('needs a new user name');
    expect(plan.stdout).toContain('is not in the recycle bin');
    expect(plan.stdout).toContain('Role check: OK (User Administrator)');

    const run = await cli(['run', 'restore', 'restore-three.csv', '--yes', '--results', 'out.csv', ...as(userAdmin)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('1 succeeded, 2 failed, 0 skipped.');
    const results = readFileSync(join(dir, 'out.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(results).toHaveLength(4);
    expect(results[0]).toBe('Object ID [objectId] Required,Object,Status,Reason,Graph error code,Request ID,New object ID,Restored object ID,Object type');
    expect(results[1]).toContain(',succeeded,');
    expect(results[2]).toContain(',failed,');
    expect(results[3]).toContain('is not in the recycle bin');
    const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { path: string; method: string }[] };
    expect(entries.filter((e) => e.method === 'POST' && e.path.includes(`${CONTOSO_PEOPLE.meganBowenDeleted.id}/restore`))).toHaveLength(1);
  });

  it('refuses to run without the right role and says which', async () => {
    writeFileSync(join(dir, 'restore-one.csv'), `version:v1.0\nObject ID [objectId] Required\n${CONTOSO_PEOPLE.meganBowenOtherDeleted.id}\n`);
    const run = await cli(['run', 'restore', 'restore-one.csv', '--yes', ...as(CONTOSO_PEOPLE.leeGu.userPrincipalName)]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('User Administrator');
  });

  it('lets a group owner without an admin role add and remove members of his group, and refuses him on another', async () => {
    const diego = as(CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName);
    writeFileSync(join(dir, 'members.csv'), `Member object ID or user principal name [memberObjectIdOrUpn] Required\n${CONTOSO_PEOPLE.lynneRobbins.userPrincipalName}\n`);
    const add = await cli(['run', 'add-group-members', 'members.csv', '--group', 'Sales and Marketing', '--yes', '--results', 'added.csv', ...diego]);
    expect(add.stderr).toContain('Role check: OK (owner of Sales and Marketing)');
    expect(add.code).toBe(0);
    const remove = await cli(['run', 'remove-group-members', 'members.csv', '--group', 'Sales and Marketing', '--yes', '--results', 'removed.csv', ...diego]);
    expect(remove.code).toBe(0);
    expect(readFileSync(join(dir, 'removed.csv'), 'utf8')).toContain('removed from Sales and Marketing');
    const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { path: string; method: string; status: number; actorOid: string }[] };
    const diegoWrites = entries.filter((e) => e.actorOid === CONTOSO_PEOPLE.diegoSiciliani.id && e.path.includes('/members/'));
    expect(diegoWrites.map((e) => [e.method, e.status])).toEqual([['POST', 204], ['DELETE', 204]]);

    const refused = await cli(['run', 'add-group-members', 'members.csv', '--group', 'Retail', '--yes', ...diego]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Groups Administrator or User Administrator role, or ownership of the group/);
  });

  it('tells an eligible admin to activate the role in PIM and exits 3', async () => {
    writeFileSync(join(dir, 'restore-adele.csv'), `version:v1.0\nObject ID [objectId] Required\n${CONTOSO_PEOPLE.adeleVanceDeleted.id}\n`);
    const plan = await cli(['plan', 'restore', 'restore-adele.csv', ...as(CONTOSO_PEOPLE.isaiahLanger.userPrincipalName)]);
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain(
      'You are eligible for User Administrator: activate it in Privileged Identity Management (https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/aadmigratedroles), then press Retry.',
    );
  });

  it('flags restoring a Global Administrator without --privileged, and restores him with it', async () => {
    writeFileSync(join(dir, 'restore-allan.csv'), `version:v1.0\nObject ID [objectId] Required\n${CONTOSO_PEOPLE.allanDeyoungDeleted.id}\n`);
    const admin = CONTOSO_PEOPLE.modAdministrator.userPrincipalName;
    const plain = await cli(['plan', 'restore', 'restore-allan.csv', ...as(admin)]);
    expect(plain.stdout).toContain('[fail]');
    expect(plain.stdout).toContain('Directory.AccessAsUser.All');
    const run = await cli(['run', 'restore', 'restore-allan.csv', '--yes', '--privileged', '--results', 'allan.csv', ...as(admin)]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'allan.csv'), 'utf8')).toContain(',succeeded,');
  });

  it('exits 0 when Graph applied each restore but answered 503 the first time: every row succeeded, restored once', async () => {
    const ids = [CONTOSO_PEOPLE.adeleVanceDeleted.id, CONTOSO_PEOPLE.meganBowenOtherDeleted.id];
    writeFileSync(join(dir, 'restore-applied.csv'), `version:v1.0\r\nObject ID [objectId] Required\r\n${ids.join('\r\n')}\r\n`);
    const faults = (method: string, body?: unknown) =>
      fetch(`${sandbox.url}/_sandbox/faults`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect((await faults('POST', { applyThenFailCount: 2, applyThenFailStatus: 503, retryAfterSeconds: 0, paths: '/restore$' })).status).toBe(200);
    let run: CliRun;
    try {
      run = await cli(['run', 'restore', 'restore-applied.csv', '--yes', '--results', 'applied.csv', ...as(userAdmin)]);
      expect(((await (await faults('GET')).json()) as { injected: { appliedThenFailed: number } }).injected.appliedThenFailed).toBe(2);
    } finally {
      await faults('DELETE');
    }
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2 succeeded, 0 failed, 0 skipped.');
    const results = readFileSync(join(dir, 'applied.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(results.slice(1).every((line) => line.includes(',succeeded,'))).toBe(true);
    const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { path: string; method: string; status: number }[] };
    for (const id of ids) {
      expect(entries.filter((e) => e.method === 'POST' && e.path.includes(`${id}/restore`)).map((e) => e.status)).toEqual([200, 404]);
    }
  });

  it('needs the job store for jobs, status and resume', async () => {
    const run = await cli(['jobs']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AZURE_STORAGE_CONNECTION_STRING');
  });

  it('exports every user to CSV', async () => {
    const run = await cli(['export', 'users', '--out', 'users.csv', ...as(userAdmin)]);
    expect(run.code).toBe(0);
    const lines = readFileSync(join(dir, 'users.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]?.startsWith('userPrincipalName,displayName,surname,mail,givenName,objectId,userType')).toBe(true);
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { counts: { user: number } };
    expect(state.counts.user).toBeGreaterThan(15);
    expect(lines.length - 1).toBe(state.counts.user);
  });

  it('exports the columns named with --columns, and says why lastSignInDateTime is empty in a tenant without Entra ID P1', async () => {
    const columns = ['--columns', 'displayName,Department,manager,assignedLicenses,lastSignInDateTime'];
    const admin = CONTOSO_PEOPLE.modAdministrator;
    const run = await cli(['export', 'users', ...columns, '--out', 'columns.csv', ...as(admin.userPrincipalName)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('Note:');
    const read = (file: string): string[][] => Papa.parse<string[]>(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const [header, ...rows] = read('columns.csv');
    expect(header).toEqual(['displayName', 'department', 'manager', 'assignedLicenses', 'lastSignInDateTime']);
    const lee = rows.find((row) => row[0] === CONTOSO_PEOPLE.leeGu.displayName);
    expect(lee?.[2]).toBe(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    const mod = rows.find((row) => row[0] === admin.displayName);
    expect(mod?.[3]).toBe('SPE_E5');
    expect(mod?.[4]).toMatch(/Z$/);

    const control = (body: unknown) => fetch(`${sandbox.url}/_sandbox/tenant`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await control({ entraIdP1: false });
    try {
      const withoutP1 = await cli(['export', 'users', ...columns, '--out', 'no-p1.csv', ...as(admin.userPrincipalName)]);
      expect(withoutP1.code, withoutP1.stderr).toBe(0);
      expect(withoutP1.stderr.match(/Note: The lastSignInDateTime column is empty because the tenant has no Microsoft Entra ID P1 or P2 license/g)).toHaveLength(1);
      const [, ...noP1Rows] = read('no-p1.csv');
      expect(noP1Rows.length).toBe(rows.length);
      expect(noP1Rows.every((row) => row[4] === '')).toBe(true);
    } finally {
      await control({ entraIdP1: true });
    }
  });

  it('names an unknown --columns entry and lists the columns it knows', async () => {
    const run = await cli(['export', 'users', '--columns', 'displayName,shoeSize', '--out', 'unknown.csv', ...as(userAdmin)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown column shoeSize');
    expect(run.stderr).toContain('lastSignInDateTime');
  });
});
