import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_DOMAIN, CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { iterateRows } from '../../../src/jobs/job-store';
import type { JobRow } from '../../../src/jobs/job-model';
import type { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness, Person } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const admin = CONTOSO_PEOPLE.modAdministrator;

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

async function graphGet(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await sandbox.issueToken(admin.id);
  const response = await fetch(`${sandbox.graphBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function rowsOf(store: MemoryJobStore, jobId: string): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  for await (const row of iterateRows(store, jobId)) rows.push(row);
  return rows;
}

/** Sends the command, expects one confirm card, and returns its job's single planned row input. */
async function plannedRow(harness: Harness, who: Person, text: string): Promise<{ jobId: string; input: Record<string, string>; card: unknown; replyId?: string }> {
  const [reply] = await harness.say(who, text);
  const card = cardOf(reply);
  const data = actionData(card, 'confirm-job');
  expect(data?.jobId, `${text} → ${cardText(card) || String(reply?.text)}`).toBeTruthy();
  const jobId = String(data?.jobId);
  const rows = await rowsOf(harness.store, jobId);
  expect(rows).toHaveLength(1);
  return { jobId, input: rows[0]?.input ?? {}, card, ...(reply?.id ? { replyId: reply.id } : {}) };
}

describe('restore finds the object however it is named', () => {
  const adele = CONTOSO_PEOPLE.adeleVanceDeleted;

  it.each([
    ['name', `restore ${adele.displayName}`],
    ['user principal name', `restore ${adele.userPrincipalName}`],
    ['mail, any case, with polite words', `please restore the user ${adele.userPrincipalName.toUpperCase()}`],
    ['object id', `restore ${adele.id}`],
  ])('by %s', async (_how, text) => {
    const harness = createHarness(sandbox);
    const { input, card } = await plannedRow(harness, alex, text);
    expect(input['Object ID [objectId] Required']).toBe(adele.id);
    expect(cardText(card)).toContain('Adele Vance');
  });

  it('by a guest’s external mail address', async () => {
    const kim = CONTOSO_PEOPLE.kimAbercrombieGuestDeleted;
    const { input, card } = await plannedRow(createHarness(sandbox), alex, 'restore kim@fabrikam.com');
    expect(input['Object ID [objectId] Required']).toBe(kim.id);
    expect(cardText(card)).toContain('Kim Abercrombie');
  });

  it('restricted to a type: "restore group Project Falcon"', async () => {
    const { input } = await plannedRow(createHarness(sandbox), alex, 'restore group Project Falcon');
    expect(input['Object ID [objectId] Required']).toBe(CONTOSO_OBJECTS.groups.projectFalconDeleted);
  });
});

describe('restore options typed in the command', () => {
  it('`as <new UPN>` plans and runs the restore under the new user name', async () => {
    const harness = createHarness(sandbox);
    const old = CONTOSO_PEOPLE.christieClineOldDeleted;
    const newUpn = `christie.archive@${CONTOSO_DOMAIN}`;
    const { jobId, input, card, replyId } = await plannedRow(harness, alex, `restore ${old.id} as ${newUpn} reconcile proxy`);
    expect(input).toEqual({ 'Object ID [objectId] Required': old.id, 'New user name [newUserPrincipalName]': newUpn, 'Remove conflicting proxy addresses (true or false) [autoReconcileProxyConflict]': 'true' });
    expect(cardText(card)).not.toContain('needs a new user name');
    await harness.invoke(alex, 'confirm-job', actionData(card, 'confirm-job'), replyId);
    const job = await harness.waitForJob(jobId);
    expect(job.counters).toMatchObject({ succeeded: 1, failed: 0 });
    expect((await graphGet(`/users/${old.id}?$select=userPrincipalName`)).body.userPrincipalName).toBe(newUpn);
  });

  it('`reconcile proxy` restores a user whose old address is now someone else’s alias', async () => {
    const harness = createHarness(sandbox);
    const emily = CONTOSO_PEOPLE.emilyBraunDeleted;
    const plain = await plannedRow(harness, alex, `restore ${emily.displayName}`);
    expect(plain.input['Remove conflicting proxy addresses (true or false) [autoReconcileProxyConflict]']).toBeUndefined();
    const { jobId, input, card, replyId } = await plannedRow(harness, alex, `restore ${emily.displayName} reconcile proxy`);
    expect(input['Remove conflicting proxy addresses (true or false) [autoReconcileProxyConflict]']).toBe('true');
    await harness.invoke(alex, 'confirm-job', actionData(card, 'confirm-job'), replyId);
    expect((await harness.waitForJob(jobId)).counters.succeeded).toBe(1);
    expect((await graphGet(`/users/${emily.id}?$select=id`)).status).toBe(200);
  });
});

describe('deleted: the recycle bin by type, with a search', () => {
  const list = async (text: string, who: Person = admin): Promise<string> => {
    const [reply] = await createHarness(sandbox).say(who, text);
    const card = cardOf(reply);
    expect(card, text).toBeDefined();
    return cardText(card);
  };

  it.each([
    ['deleted users', 'Megan Bowen', 'Project Falcon'],
    ['deleted groups', 'Contoso Life', 'Megan Bowen'],
    ['deleted apps', 'Contoso Legacy CRM', 'Contoso Life'],
    ['deleted service principals', 'Contoso Legacy CRM', 'Project Falcon'],
    ['deleted admin units', 'Munich Office', 'Contoso Life'],
  ])('%s lists only that type', async (text, present, absent) => {
    const shown = await list(text);
    expect(shown).toContain(present);
    expect(shown).not.toContain(absent);
  });

  it('everything when no type is given, and only matches for a search', async () => {
    const all = await list('deleted');
    for (const name of ['Megan Bowen', 'Project Falcon', 'Munich Office']) expect(all).toContain(name);
    const searched = await list('deleted users Megan');
    expect(searched).toContain('Megan Bowen');
    expect(searched).not.toContain('Adele Vance');
    const none = await list('deleted groups Nonexistent Team Name');
    expect(none).not.toContain('Contoso Life');
  });
});

describe('purge', () => {
  it('finds the object by name, asks for confirmation and deletes nothing before it', async () => {
    const harness = createHarness(sandbox);
    const falcon = CONTOSO_OBJECTS.groups.projectFalconDeleted;
    const before = (await graphGet(`/directory/deletedItems/${falcon}`)).status;
    const { jobId, input, card, replyId } = await plannedRow(harness, admin, 'purge group Project Falcon');
    expect(input['Object ID [objectId] Required']).toBe(falcon);
    expect((await graphGet(`/directory/deletedItems/${falcon}`)).status).toBe(before);
    await harness.invoke(admin, 'confirm-job', actionData(card, 'confirm-job'), replyId);
    expect((await harness.waitForJob(jobId)).kind).toBe('purge');
    expect((await graphGet(`/directory/deletedItems/${falcon}`)).status).toBe(404);
  });

  it('asks which one when a name matches several, and purges only the chosen one', async () => {
    const harness = createHarness(sandbox);
    const [reply] = await harness.say(admin, 'purge Megan Bowen');
    const choose = actionData(cardOf(reply), 'choose-object');
    expect(choose?.objectId).toBeTruthy();
    const titles = JSON.stringify(cardOf(reply)).match(/"title":"Purge Megan Bowen[^"]*"/g) ?? [];
    expect(titles).toHaveLength(2);
    expect(new Set(titles).size).toBe(2);
    const { replies, response } = await harness.invoke(admin, 'choose-object', choose, reply?.id);
    const confirm = actionData(cardOf(replies[0]), 'confirm-job');
    const rows = await rowsOf(harness.store, String(confirm?.jobId));
    expect(rows.map((r) => r.input['Object ID [objectId] Required'])).toEqual([choose?.objectId]);
    // The choice card settles on the chosen object: no button is left to propose a second job.
    const settled = response.body?.value;
    expect(cardText(settled)).toContain('You chose this one');
    expect(actionData(settled, 'choose-object')).toBeUndefined();
    expect(actionData(settled, 'cancel-job')).toBeUndefined();
  });
});
