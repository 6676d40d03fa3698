import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

const P = CONTOSO_PEOPLE;
const admin = P.modAdministrator;
const userAdmin = P.alexWilber;

let sandbox: RunningSandbox;
let bot: Harness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  bot = createHarness(sandbox, { deps: { filesBaseUrl: 'http://127.0.0.1:3978' } });
});
afterAll(async () => {
  await sandbox.stop();
});

interface Exported {
  text: string;
  card: string;
  header: string[];
  rows: Map<string, Record<string, string>>;
}

/** Sends the command and reads back the CSV the reply links to, rows keyed by displayName. */
async function exported(text: string, who = admin): Promise<Exported> {
  const [reply] = await bot.say(who, text);
  const message = reply?.text ?? '';
  const link = /\/files\/(export-[0-9a-f-]+)\/([a-z-]+\.csv)\)/.exec(message);
  expect(link, message).not.toBeNull();
  const file = await bot.store.getFile(link?.[1] ?? '', link?.[2] ?? '');
  let csv = '';
  for await (const chunk of file ?? []) csv += String(chunk);
  const [header = [], ...lines] = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  const rows = new Map(lines.map((line) => [line[header.indexOf('displayName')] ?? '', Object.fromEntries(header.map((name, i) => [name, line[i] ?? '']))]));
  return { text: message, card: cardText(cardOf(reply)), header, rows };
}

/** What Graph itself says about a user, read with the admin's token. */
async function graphUser(id: string): Promise<{ department?: string; assignedLicenses: { skuId: string }[]; signInActivity?: { lastSignInDateTime?: string } }> {
  const token = await sandbox.issueToken(admin.id);
  const response = await fetch(`${sandbox.graphBaseUrl}/users/${id}?$select=department,assignedLicenses,signInActivity`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { department?: string; assignedLicenses: { skuId: string }[]; signInActivity?: { lastSignInDateTime?: string } };
}

async function skuNames(): Promise<Map<string, string>> {
  const token = await sandbox.issueToken(admin.id);
  const response = await fetch(`${sandbox.graphBaseUrl}/subscribedSkus`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { value: { skuId: string; skuPartNumber: string }[] };
  return new Map(body.value.map((sku) => [sku.skuId, sku.skuPartNumber]));
}

const COMMAND = 'download users columns displayName, department, manager, assignedLicenses, lastSignInDateTime';

describe('download users columns …', () => {
  it('exports exactly the named columns, with managers, license names and last sign-in', async () => {
    const { header, rows, card } = await exported(COMMAND);
    expect(header).toEqual(['displayName', 'department', 'manager', 'assignedLicenses', 'lastSignInDateTime']);
    expect(card).not.toContain('lastSignInDateTime column is empty');
    const names = await skuNames();
    const people = [P.alexWilber, P.diegoSiciliani, P.leeGu, P.modAdministrator];
    for (const person of people) {
      const row = rows.get(person.displayName);
      const graph = await graphUser(person.id);
      expect(row?.department, person.displayName).toBe(graph.department ?? '');
      expect(row?.assignedLicenses, person.displayName).toBe(graph.assignedLicenses.map((l) => names.get(l.skuId)).join(';'));
      expect(row?.lastSignInDateTime, person.displayName).toBe(graph.signInActivity?.lastSignInDateTime ?? '');
    }
    expect(rows.get(P.alexWilber.displayName)?.manager).toBe(P.modAdministrator.userPrincipalName);
    expect(rows.get(P.diegoSiciliani.displayName)?.manager).toBe(P.miriamGraham.userPrincipalName);
    expect(rows.get(P.leeGu.displayName)?.manager).toBe(P.alexWilber.userPrincipalName);
    expect(rows.get(P.modAdministrator.displayName)?.manager).toBe('');
    expect(rows.get(P.modAdministrator.displayName)?.assignedLicenses).toBe('SPE_E5');
    expect(rows.get(P.modAdministrator.displayName)?.lastSignInDateTime).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('combines with guests/members and a where filter', async () => {
    const { header, rows } = await exported('download members columns displayName, jobTitle, manager where department is Sales');
    expect(header).toEqual(['displayName', 'jobTitle', 'manager']);
    expect([...rows.keys()].sort()).toEqual([P.benWalters.displayName, P.christieCline.displayName, P.isaiahLanger.displayName].sort());
  });

  it('still exports when the tenant has no Entra ID P1: lastSignInDateTime is empty and the result says why', async () => {
    const control = (body: unknown) =>
      fetch(`${sandbox.url}/_sandbox/tenant`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await control({ entraIdP1: false })).status).toBe(200);
    try {
      const { header, rows, card, text } = await exported(COMMAND);
      expect(text).toMatch(/^Exported \d+ users/);
      expect(header).toContain('lastSignInDateTime');
      expect(rows.size).toBeGreaterThan(15);
      expect([...rows.values()].every((row) => row.lastSignInDateTime === '')).toBe(true);
      expect(rows.get(P.leeGu.displayName)?.manager).toBe(P.alexWilber.userPrincipalName);
      expect(card).toContain('The lastSignInDateTime column is empty because the tenant has no Microsoft Entra ID P1 or P2 license');
      expect(card.match(/lastSignInDateTime column is empty/g)).toHaveLength(1);
    } finally {
      await control({ entraIdP1: true });
    }
  });

  it('says which role is missing when the admin may not read sign-in activity', async () => {
    const { rows, card } = await exported(COMMAND, userAdmin);
    expect([...rows.values()].every((row) => row.lastSignInDateTime === '')).toBe(true);
    expect(card).toContain('your directory roles do not include one that may read sign-in activity');
  });

  it('names an unknown column and lists the ones it knows', async () => {
    const [reply] = await bot.say(admin, 'download users columns displayName, shoeSize');
    expect(reply?.text).toContain('"shoeSize"');
    expect(reply?.text).toContain('lastSignInDateTime');
    expect(reply?.text).not.toContain('/files/');
  });
});
