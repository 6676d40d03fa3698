import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';
import { startCsvFiles } from './csv-files';
import type { CsvFiles } from './csv-files';

const alex = CONTOSO_PEOPLE.alexWilber;
const P = CONTOSO_PEOPLE;

let sandbox: RunningSandbox;
let files: CsvFiles;
let bot: Harness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  files = await startCsvFiles();
  bot = createHarness(sandbox);
});
afterAll(async () => {
  await files.close();
  await sandbox.stop();
});

async function department(id: string): Promise<unknown> {
  const token = await sandbox.issueToken(P.modAdministrator.id);
  const response = await fetch(`${sandbox.graphBaseUrl}/users/${id}?$select=department`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { department?: unknown }).department;
}

describe('update users from a CSV in chat', () => {
  it('shows the per-property diff on the confirm card, then writes the changed cells', async () => {
    const csv = `userPrincipalName,department,mail\r\n${P.isaiahLanger.userPrincipalName},Chat Reorg,x@y.z\r\n${P.lynneRobbins.userPrincipalName},Chat Reorg,\r\nnobody@contoso.onmicrosoft.com,Sales,\r\n`;
    const [reply] = await bot.say(alex, 'update users', files.attach('edited-users.csv', csv));
    const card = cardOf(reply);
    const text = cardText(card);
    expect(text).toContain('2 users change: department 2 cells; 1 not found.');
    expect(text).toContain('Ignored column (read-only or not an updatable property): mail.');
    expect(text).toContain('→ Chat Reorg');
    const data = actionData(card, 'confirm-job');
    expect(data?.jobId, text).toBeTruthy();
    await bot.invoke(alex, 'confirm-job', data ?? {}, reply?.id ?? '');
    const job = await bot.waitForJob(String(data?.jobId));
    expect(job).toMatchObject({ kind: 'update-users', counters: { succeeded: 2 } });
    expect(await department(P.isaiahLanger.id)).toBe('Chat Reorg');
    expect(await department(P.lynneRobbins.id)).toBe('Chat Reorg');
  });

  it('asks for the CSV when none is attached', async () => {
    const [reply] = await bot.say(alex, 'update users');
    expect(String(reply?.text)).toContain('Attach the CSV');
  });
});
