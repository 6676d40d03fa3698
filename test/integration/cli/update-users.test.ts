import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { runCli } from '../../support/run-cli';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';

let sandbox: RunningSandbox;
let dir: string;

const userAdmin = CONTOSO_PEOPLE.alexWilber;
const as = ['--sandbox-user', userAdmin.userPrincipalName];
const MOVED = [CONTOSO_PEOPLE.isaiahLanger, CONTOSO_PEOPLE.johannaLorenz, CONTOSO_PEOPLE.benWalters, CONTOSO_PEOPLE.lynneRobbins, CONTOSO_PEOPLE.miriamGraham];
const NEW_MANAGER = CONTOSO_PEOPLE.diegoSiciliani;
const CLEARED = CONTOSO_PEOPLE.gradyArchie;
const P_JONI = CONTOSO_PEOPLE.joniSherman.userPrincipalName;
const UNKNOWN = 'nobody.here@contoso.onmicrosoft.com';

const cli = (args: string[]) => runCli([...args, '--graph-url', sandbox.graphBaseUrl, ...as], { cwd: dir });
const readCsv = (file: string): string[][] => Papa.parse<string[]>(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

async function graphUser(id: string): Promise<{ department?: string | null; jobTitle?: string | null; manager?: { userPrincipalName?: string } }> {
  const token = await sandbox.issueToken(CONTOSO_PEOPLE.modAdministrator.id);
  const url = `${sandbox.graphBaseUrl}/users/${id}?$select=department,jobTitle&$expand=${encodeURIComponent('manager($select=userPrincipalName)')}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as { department?: string | null; jobTitle?: string | null; manager?: { userPrincipalName?: string } };
}

async function setJobTitle(id: string, jobTitle: string): Promise<void> {
  const token = await sandbox.issueToken(CONTOSO_PEOPLE.modAdministrator.id);
  const response = await fetch(`${sandbox.graphBaseUrl}/users/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jobTitle }),
  });
  expect(response.status).toBe(204);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  dir = mkdtempSync(join(tmpdir(), 'entra-bulk-update-'));
});
afterAll(async () => {
  await sandbox.stop();
});

describe('entra-bulk run update-users on an edited export', () => {
  it('writes exactly the changed cells, skips unchanged rows, fails unknown users and records old and new values', async () => {
    await setJobTitle(CLEARED.id, 'Buyer');
    const exported = await cli(['export', 'users', '--columns', 'userPrincipalName,department,manager,jobTitle,mail', '--out', 'users.csv']);
    expect(exported.code, exported.stderr).toBe(0);
    const [header = [], ...rows] = readCsv('users.csv');
    expect(header).toEqual(['userPrincipalName', 'department', 'manager', 'jobTitle', 'mail']);
    const before = new Map(rows.map((row) => [row[0]?.toLowerCase(), row]));
    const moved = new Set(MOVED.map((p) => p.userPrincipalName.toLowerCase()));
    const edited = rows.map((row) => {
      const upn = row[0]?.toLowerCase() ?? '';
      if (moved.has(upn)) return [row[0] ?? '', 'Reorg Marketing', NEW_MANAGER.userPrincipalName, row[3] ?? '', row[4] ?? ''];
      if (upn === CLEARED.userPrincipalName.toLowerCase()) return [row[0] ?? '', row[1] ?? '', row[2] ?? '', '<clear>', row[4] ?? ''];
      return row;
    });
    edited.push([UNKNOWN, 'Sales', '', '', '']);
    writeFileSync(join(dir, 'edited.csv'), Papa.unparse([header, ...edited]));

    const plan = await cli(['plan', 'update-users', 'edited.csv']);
    expect(plan.code, plan.stderr).toBe(0);
    const planText = plan.stdout + plan.stderr;
    expect(planText).toContain('6 users change: department 5 cells, manager 5 cells, jobTitle 1 cell');
    expect(planText).toContain(`${rows.length - 6} unchanged (skipped); 1 not found`);
    expect(planText).toContain('Ignored column (read-only or not an updatable property): mail');

    const run = await cli(['run', 'update-users', 'edited.csv', '--yes', '--results', 'results.csv']);
    expect(run.code, run.stderr).toBe(2);

    for (const person of MOVED) {
      const user = await graphUser(person.id);
      expect(user.department).toBe('Reorg Marketing');
      expect(user.manager?.userPrincipalName).toBe(NEW_MANAGER.userPrincipalName);
    }
    expect((await graphUser(CLEARED.id)).jobTitle ?? null).toBeNull();

    const [resultHeader = [], ...results] = readCsv('results.csv');
    const col = (name: string) => resultHeader.indexOf(name);
    expect(col('Old values')).toBeGreaterThan(0);
    const isaiah = results.filter((r) => r[0]?.toLowerCase() === MOVED[0]?.userPrincipalName.toLowerCase());
    expect(isaiah).toHaveLength(2);
    const oldDepartment = before.get(MOVED[0]?.userPrincipalName.toLowerCase())?.[1] ?? '';
    expect(isaiah.map((r) => r[col('Status')])).toEqual(['succeeded', 'succeeded']);
    expect(isaiah[0]?.[col('Changes')]).toBe(`department: ${oldDepartment || '(empty)'} → Reorg Marketing`);
    expect(JSON.parse(isaiah[0]?.[col('Old values')] ?? '{}')).toEqual({ department: oldDepartment || null });
    expect(JSON.parse(isaiah[0]?.[col('New values')] ?? '{}')).toEqual({ department: 'Reorg Marketing' });
    expect(JSON.parse(isaiah[1]?.[col('New values')] ?? '{}')).toEqual({ manager: NEW_MANAGER.userPrincipalName });
    const cleared = results.find((r) => r[0]?.toLowerCase() === CLEARED.userPrincipalName.toLowerCase());
    expect(JSON.parse(cleared?.[col('Old values')] ?? '{}')).toEqual({ jobTitle: 'Buyer' });
    const unknown = results.find((r) => r[0] === UNKNOWN);
    expect(unknown?.[col('Status')]).toBe('failed');
    const unchanged = results.find((r) => r[0]?.toLowerCase() === CONTOSO_PEOPLE.debraBerger.userPrincipalName.toLowerCase());
    expect(unchanged?.[col('Status')]).toBe('skipped');
  });

  it('lists each invalid cell with its line, column and fix, and refuses clearing what Graph cannot clear', async () => {
    writeFileSync(join(dir, 'bad.csv'), `userPrincipalName,usageLocation,department,accountEnabled\r\n${P_JONI},usa,Sales,maybe\r\n${P_JONI},<clear>,${'x'.repeat(65)},true\r\n`);
    const run = await runCli(['validate', 'update-users', 'bad.csv'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("line 2, usageLocation: 'usa' is not a two-letter country code");
    expect(run.stdout).toContain("line 2, accountEnabled: 'maybe' is not true or false");
    expect(run.stdout).toContain("line 3, usageLocation: the usage location can't be cleared");
    expect(run.stdout).toContain('line 3, department: the department is 65 characters long; the limit is 64');
  });

  it('plans a manager-only change as one reference write, and flags a user holding an admin role', async () => {
    writeFileSync(join(dir, 'managers.csv'), `userPrincipalName,manager\r\n${CONTOSO_PEOPLE.irvinSayers.userPrincipalName},${NEW_MANAGER.userPrincipalName}\r\n${P_JONI},${NEW_MANAGER.userPrincipalName}\r\n`);
    const plan = await cli(['plan', 'update-users', 'managers.csv']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('2 rows:');
    expect(plan.stdout).toMatch(/ 1 +will change manager: \(empty\) → DiegoS@/);
    expect(plan.stdout).toContain('1 user changes: manager 1 cell; 1 refused (see the rows).');
    expect(plan.stdout).toContain('holds the custom role Restore Operators: to update it Graph needs');
  });

  it('accepts an unedited default export as it is: nothing to change, read-only columns named once', async () => {
    const exported = await cli(['export', 'users', '--out', 'all.csv']);
    expect(exported.code, exported.stderr).toBe(0);
    const plan = await cli(['plan', 'update-users', 'all.csv']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^\d+ rows:\n +\d+ +\[skip\] nothing to change\n/);
    expect(plan.stdout).not.toMatch(/will change|\[fail\]/);
    expect(plan.stdout).toContain('Ignored columns (read-only or not an updatable property): mail, userType, alternateEmailAddress, ageGroup');
  });

  it('flags cells Graph refuses: on-premises-mastered cells of synced users, sensitive cells of an admin; the sandbox refuses them if forced', async () => {
    const enrico = CONTOSO_PEOPLE.enricoCattaneo;
    const debra = CONTOSO_PEOPLE.debraBerger;
    const csv = [
      'userPrincipalName,department,usageLocation,mobilePhone,manager',
      `${enrico.userPrincipalName},Synced Reorg,FR,,`,
      `${debra.userPrincipalName},Synced Reorg,,,${NEW_MANAGER.userPrincipalName}`,
      `${P_JONI},,,+1 425 555 0188,`,
    ].join('\r\n');
    writeFileSync(join(dir, 'synced.csv'), `${csv}\r\n`);
    const plan = await cli(['plan', 'update-users', 'synced.csv']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('will change usageLocation: US → FR; not changed: department: the user is synced from on-premises Active Directory, so it changes only there');
    expect(plan.stdout).toContain("can't be changed here: department and manager: the user is synced from on-premises Active Directory, so they change only there");
    expect(plan.stdout).toContain('mobilePhone: sensitive on a user who holds the custom role Restore Operators; only a Privileged Authentication Administrator or Global Administrator may change it');
    expect(plan.stdout).toContain('2 users are synced from on-premises Active Directory: what it masters is not changed (see the rows)');

    const run = await cli(['run', 'update-users', 'synced.csv', '--yes', '--results', 'synced-results.csv']);
    expect(run.code, run.stderr).toBe(2);
    const token = await sandbox.issueToken(CONTOSO_PEOPLE.modAdministrator.id);
    const read = async (id: string) => ((await fetch(`${sandbox.graphBaseUrl}/users/${id}?$select=department,usageLocation`, { headers: { authorization: `Bearer ${token}` } })).json()) as Promise<Record<string, unknown>>;
    expect(await read(enrico.id)).toMatchObject({ department: 'Legal', usageLocation: 'FR' });
    expect(await read(debra.id)).toMatchObject({ department: 'Executive Management' });
    expect((await graphUser(debra.id)).manager?.userPrincipalName).not.toBe(NEW_MANAGER.userPrincipalName);

    // Bypassing the plan: the admin's own Graph client sends the refused change, and the sandbox answers as Graph does.
    const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: userAdmin.userPrincipalName }) });
    const forced = await graph.request({ method: 'PATCH', url: `/users/${enrico.id}`, body: { department: 'Synced Reorg' }, retry: false });
    expect(forced.ok).toBe(false);
    expect(!forced.ok && { status: forced.error.status, code: forced.error.code }).toEqual({ status: 400, code: 'Request_BadRequest' });
    const sensitive = await graph.request({ method: 'PATCH', url: `/users/${CONTOSO_PEOPLE.joniSherman.id}`, body: { mobilePhone: '+1 425 555 0188' }, retry: false });
    expect(!sensitive.ok && sensitive.error.status).toBe(403);
    expect(await read(enrico.id)).toMatchObject({ department: 'Legal' });
  });
});
