import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import graphDelegatedPermissions from '../../../src/app-registration/graph-delegated-permissions.json';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { describeExportNote, exportUsers } from '../../../src/operations/export-directory';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

const SIGN_IN_SCOPES = new Set(['openid', 'profile', 'offline_access']);
const APP_SCOPES = graphDelegatedPermissions.map((p) => p.name).filter((name) => !SIGN_IN_SCOPES.has(name));

async function exportWithout(missing: string, columns: string[]): Promise<{ rows: string[][]; notes: string[] }> {
  const scopes = APP_SCOPES.filter((scope) => scope !== missing);
  const tokenProvider = new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: CONTOSO_PEOPLE.modAdministrator.userPrincipalName, scopes });
  const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider });
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const result = await exportUsers(graph, out, {}, { columns });
  out.end();
  return { rows: Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data, notes: result.notes.map(describeExportNote) };
}

describe('users export columns whose data Graph refuses', () => {
  it('without AuditLog.Read.All: lastSignInDateTime is empty, with one note naming the permission', async () => {
    const { rows, notes } = await exportWithout('AuditLog.Read.All', ['displayName', 'lastSignInDateTime']);
    expect(rows[0]).toEqual(['displayName', 'lastSignInDateTime']);
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.slice(1).every((row) => row[1] === '')).toBe(true);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('AuditLog.Read.All');
    expect(notes[0]).toContain('Authentication_MSGraphPermissionMissing');
  });

  it('without a scope for /subscribedSkus: assignedLicenses shows SKU ids, with one note saying why', async () => {
    const { rows, notes } = await exportWithout('Organization.Read.All', ['displayName', 'assignedLicenses']);
    const admin = rows.find((row) => row[0] === CONTOSO_PEOPLE.modAdministrator.displayName);
    expect(admin?.[1]).toBe('06ebc4ee-1bb5-47dd-8120-11324bc54e06');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('SKU ids instead of names');
    expect(notes[0]).toContain('Organization.Read.All');
  });
});
