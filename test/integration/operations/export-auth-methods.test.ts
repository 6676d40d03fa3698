import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { exportUsers } from '../../../src/operations/export-directory';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import Papa from 'papaparse';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 60, deleted: 0 });
});
afterAll(async () => {
  await sandbox.stop();
});

async function exportAs(user: string, authenticationMethods: boolean): Promise<string[][]> {
  const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user }) });
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await exportUsers(graph, out, {}, { partitions: 1, authenticationMethods });
  out.end();
  // Read as CSV, not split on commas: an escaped formula cell ('+1 425…) is written in quotes.
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trim(), { newline: '\r\n' }).data;
}

describe('export users with authentication-method columns', () => {
  it("adds each user's phone and email methods, read in $batch", async () => {
    const rows = await exportAs(CONTOSO_PEOPLE.modAdministrator.userPrincipalName, true);
    const header = rows[0] ?? [];
    expect(header.slice(-3)).toEqual(['authenticationPhoneNumber', 'authenticationAlternativePhoneNumber', 'authenticationEmail']);
    const phone = header.indexOf('authenticationPhoneNumber');
    const email = header.indexOf('authenticationEmail');
    const data = rows.slice(1);
    expect(data.filter((r) => (r[phone] ?? '').startsWith("'+1 425 555")).length).toBeGreaterThan(20);
    expect(data.filter((r) => (r[email] ?? '').endsWith('@outlook.com')).length).toBeGreaterThan(10);
  });

  it('leaves the cells empty for an admin whose role cannot read methods, and still exports every user', async () => {
    const withMethods = await exportAs(CONTOSO_PEOPLE.alexWilber.userPrincipalName, true);
    const plain = await exportAs(CONTOSO_PEOPLE.alexWilber.userPrincipalName, false);
    expect(withMethods.length).toBe(plain.length);
    const phone = (withMethods[0] ?? []).indexOf('authenticationPhoneNumber');
    expect(withMethods.slice(1).every((r) => (r[phone] ?? '') === '')).toBe(true);
  });
});
