import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { createBulkRunner } from '../../../src/engine/create-bulk-runner';
import { createJobFromPlan } from '../../../src/engine/create-job-from-plan';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { approveJob } from '../../../src/jobs/job-control';
import { loadCallerProfile } from '../../../src/operations/caller-profile';
import { createUsersOperation } from '../../../src/operations/create-users/create-users-operation';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const nestor = CONTOSO_PEOPLE.nestorWilke;
const adele = CONTOSO_PEOPLE.adeleVanceDeleted;
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

async function inRecycleBin(id: string): Promise<boolean> {
  const token = await sandbox.issueToken(CONTOSO_PEOPLE.modAdministrator.id);
  return (await fetch(`${sandbox.graphBaseUrl}/directory/deletedItems/${id}?$select=id`, { headers: { authorization: `Bearer ${token}` } })).status === 200;
}

it('restore Adele Vance, then Undo on the result card deletes her again after a confirm card; only the initiator may undo', async () => {
  const bot = createHarness(sandbox, { conversationId: 'conv-undo' });
  const [reply] = await bot.say(alex, 'restore Adele Vance');
  const confirm = actionData(cardOf(reply), 'confirm-job');
  await bot.invoke(alex, 'confirm-job', confirm, reply?.id);
  const restored = await bot.waitForJob(String(confirm?.jobId));
  expect(restored.counters).toMatchObject({ succeeded: 1, failed: 0 });
  expect(await inRecycleBin(adele.id)).toBe(false);

  const [status] = await bot.say(alex, `status ${restored.id}`);
  const undoData = actionData(cardOf(status), 'undo-job');
  expect(undoData?.jobId).toBe(restored.id);

  // Someone else in the chat: the button and the command are refused, and nothing is proposed.
  const refused = await bot.invoke(nestor, 'undo-job', undoData, reply?.id);
  expect(cardText(refused.response.body?.value)).toContain(`Only ${alex.displayName} can undo this job`);
  const [typed] = await bot.say(nestor, `undo ${restored.id}`);
  expect(typed?.text).toContain(`was started by ${alex.displayName}: only they can undo it`);
  expect((await bot.store.listJobs({ initiatorId: nestor.id })).length).toBe(0);
  expect((await bot.store.listJobs({ initiatorId: alex.id })).filter((j) => j.undoOf === restored.id)).toHaveLength(0);

  const { replies, response } = await bot.invoke(alex, 'undo-job', undoData, reply?.id);
  expect(response.status).toBe(200);
  const undoCard = replies.map(cardOf).find((card) => actionData(card, 'confirm-job'));
  expect(cardText(undoCard)).toContain('will be deleted (user; restorable for 30 days)');
  expect(cardText(undoCard)).toContain(`This undoes job ${restored.id.replace(/-/g, '').slice(0, 6).toUpperCase()} (Restore deleted objects) for the row it changed.`);
  const undoConfirm = actionData(undoCard, 'confirm-job');
  const undoJob = (await bot.store.getJob(String(undoConfirm?.jobId)))?.job;
  expect(undoJob).toMatchObject({ kind: 'delete-objects', undoOf: restored.id, state: 'awaiting-approval' });
  expect(await inRecycleBin(adele.id)).toBe(false);

  await bot.invoke(alex, 'confirm-job', undoConfirm, replies[0]?.id);
  const undone = await bot.waitForJob(String(undoConfirm?.jobId));
  expect(undone.counters).toMatchObject({ succeeded: 1, failed: 0 });
  expect(await inRecycleBin(adele.id)).toBe(true);

  // The undo can itself be undone: "undo my last job" proposes restoring her again.
  const again = await bot.say(alex, 'undo my last job');
  const redo = again.map(cardOf).find((card) => actionData(card, 'confirm-job'));
  const redoJob = (await bot.store.getJob(String(actionData(redo, 'confirm-job')?.jobId)))?.job;
  expect(redoJob).toMatchObject({ kind: 'restore', undoOf: undone.id });
});

it("a purge's result card has no Undo, and undo says a purge can't be undone", async () => {
  const bot = createHarness(sandbox, { conversationId: 'conv-purge-undo' });
  const [reply] = await bot.say(alex, `purge ${CONTOSO_PEOPLE.emilyBraunDeleted.id}`);
  expect(cardText(cardOf(reply))).toContain("This can't be undone");
  const confirm = actionData(cardOf(reply), 'confirm-job');
  await bot.invoke(alex, 'confirm-job', confirm, reply?.id);
  const purged = await bot.waitForJob(String(confirm?.jobId));
  expect(purged.counters.succeeded).toBe(1);
  const [status] = await bot.say(alex, `status ${purged.id}`);
  expect(actionData(cardOf(status), 'undo-job')).toBeUndefined();
  const [typed] = await bot.say(alex, `undo ${purged.id}`);
  expect(typed?.text).toContain("A purge can't be undone");
});

it('an undo that skips rows changed since the job offers them on its card; ticked, Confirm undoes them too', async () => {
  const bot = createHarness(sandbox, { conversationId: 'conv-undo-changed' });
  const tokens = new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: alex.id });
  const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: tokens });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  const upn = 'undo.bot.created@contoso.onmicrosoft.com';
  const row = { displayName: 'Undo Bot Created', userPrincipalName: upn, mailNickname: 'undo.bot.created', password: 'Str0ng!Passw0rd#1', accountEnabled: true };
  const plan = await createUsersOperation.plan([{ rowIndex: 0, input: { userPrincipalName: upn }, row }], { graph, caller: caller.value, now: Date.now });
  const initiator = { objectId: alex.id, name: alex.displayName };
  const created = await createJobFromPlan(bot.store, { plan, tenantId: sandbox.tenantId, initiator, source: { type: 'command', text: 'create users' } });
  await approveJob(bot.store, created.id, initiator, new Date());
  await createBulkRunner({ store: bot.store, graphBaseUrl: sandbox.graphBaseUrl, tokenProviderFor: () => tokens }).runJob(created.id);
  const token = await sandbox.issueToken(CONTOSO_PEOPLE.modAdministrator.id);
  const exists = async () => (await fetch(`${sandbox.graphBaseUrl}/users/${upn}?$select=id`, { headers: { authorization: `Bearer ${token}` } })).status === 200;
  expect(await exists()).toBe(true);

  // Alex can't read sign-in activity, so the created user may have signed in: shown, skipped, offered.
  const replies = await bot.say(alex, `undo ${created.id}`);
  const card = replies.map(cardOf).find((c) => actionData(c, 'confirm-job'));
  expect(cardText(card)).toContain('Also undo the 1 row changed since the job');
  expect(cardText(card)).toContain("may have signed in since it was created (I can't read sign-in activity)");
  const data = actionData(card, 'confirm-job');
  await bot.invoke(alex, 'confirm-job', data);
  expect(await exists()).toBe(true);
  expect((await bot.store.getJob(String(data?.jobId)))?.job.state).toBe('awaiting-approval');

  await bot.invoke(alex, 'confirm-job', { ...data, includeChanged: 'true' });
  expect((await bot.store.getJob(String(data?.jobId)))?.job.state).toBe('cancelled');
  const replacement = (await bot.store.listJobs({ initiatorId: alex.id })).find((j) => j.undoOf === created.id && j.id !== data?.jobId);
  expect(replacement?.kind).toBe('delete-users');
  const finished = await bot.waitForJob(String(replacement?.id));
  expect(finished.counters).toMatchObject({ succeeded: 1, failed: 0 });
  expect(await exists()).toBe(false);
});
