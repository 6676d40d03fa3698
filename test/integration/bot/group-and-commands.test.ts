import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { CONTOSO_DOMAIN, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const admin = CONTOSO_PEOPLE.modAdministrator;

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('group chats', () => {
  it('posts a read-only confirm card that refreshes into buttons for the initiator only', async () => {
    const group = createHarness(sandbox, { conversationId: 'group-chat-1', isGroup: true });
    const [reply] = await group.say(alex, 'restore Emily Braun');
    const card = cardOf(reply) as { refresh?: { userIds?: string[]; action?: { verb?: string; data?: Record<string, unknown> } } } | undefined;
    expect(actionData(card, 'confirm-job')).toBeUndefined();
    expect(card?.refresh?.userIds).toEqual([`29:${alex.id}`]);
    expect(card?.refresh?.action?.verb).toBe('refresh-job');

    const mine = await group.invoke(alex, 'refresh-job', card?.refresh?.action?.data, reply?.id);
    expect(actionData(mine.response.body?.value, 'confirm-job')?.jobId).toBe(card?.refresh?.action?.data?.jobId);
    const theirs = await group.invoke(admin, 'refresh-job', card?.refresh?.action?.data, reply?.id);
    expect(actionData(theirs.response.body?.value, 'confirm-job')).toBeUndefined();
  });
});

describe('more commands', () => {
  const bot = () => createHarness(sandbox);

  it('restores from the Restore button of the recycle-bin list', async () => {
    const harness = bot();
    const [list] = await harness.say(alex, 'deleted users Emily');
    const restore = actionData(cardOf(list), 'restore-object');
    expect(restore?.objectId).toBe(CONTOSO_PEOPLE.emilyBraunDeleted.id);
    const { replies } = await harness.invoke(alex, 'restore-object', restore, list?.id);
    expect(actionData(cardOf(replies[0]), 'confirm-job')?.jobId).toBeTruthy();
  });

  it('plans a single-user delete with confirmation and deletes nothing before it', async () => {
    const harness = bot();
    const target = `${CONTOSO_PEOPLE.benWalters.userPrincipalName}`;
    const [reply] = await harness.say(alex, `delete user ${target}`);
    const data = actionData(cardOf(reply), 'confirm-job');
    expect(data?.jobId).toBeTruthy();
    const token = await sandbox.issueToken(alex.id);
    const before = await fetch(`${sandbox.graphBaseUrl}/users/${CONTOSO_PEOPLE.benWalters.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(before.status).toBe(200);
    await harness.invoke(alex, 'confirm-job', data, reply?.id);
    const job = await harness.waitForJob(String(data?.jobId));
    expect(job.counters.succeeded).toBe(1);
    const after = await fetch(`${sandbox.graphBaseUrl}/users/${CONTOSO_PEOPLE.benWalters.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(404);
  });

  it('sends a CSV template in the portal format', async () => {
    const [reply] = await bot().say(alex, 'template restore');
    expect(reply?.text).toContain('Object ID [objectId]');
  });

  it('explains what to change for a message it cannot use', async () => {
    const [reply] = await bot().say(alex, `restore ${'x'.repeat(1200)}`);
    expect(reply?.text).toContain('I read commands of up to 1000');
  });
});

describe('sign-in needed while a job runs', () => {
  it('pauses the job when the admin has no token, shows why, and resumes when they are back', async () => {
    let signedIn = true;
    const harness = createHarness(sandbox, {
      deps: { tokenProviderFor: (user) => (signedIn ? new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: user.aadObjectId }) : undefined) },
    });
    const [reply] = await harness.say(alex, `restore ${CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.displayName}`);
    const data = actionData(cardOf(reply), 'confirm-job');
    expect(data?.jobId).toBeTruthy();
    signedIn = false;
    await harness.invoke(alex, 'confirm-job', data, reply?.id);
    const paused = await harness.waitForState(String(data?.jobId), 'paused');
    expect(paused.stateReason).toContain('sign in');
    expect(cardText(cardOf(harness.adapter.activeQueue.find((a) => a.id === reply?.id)))).toContain('resume-job');

    signedIn = true;
    const replies = await harness.say(alex, 'whoami');
    expect(replies.map((r) => r.text ?? '').join(' ')).toContain('resumed your paused job');
    const finished = await harness.waitForJob(String(data?.jobId));
    expect(finished.counters.total).toBe(1);
    expect(finished.counters.remaining).toBe(0);
  });
});

describe('restore options on the confirm card', () => {
  it('asks for a new user name when the old one is taken, and restores with the one typed on the card', async () => {
    const harness = createHarness(sandbox);
    const old = CONTOSO_PEOPLE.christieClineOldDeleted;
    const [reply] = await harness.say(alex, `restore ${old.id}`);
    const card = cardOf(reply);
    expect(cardText(card)).toContain('newUserPrincipalName');
    expect(cardText(card)).toContain('needs a new user name');
    expect(cardText(card)).toContain('autoReconcileProxyConflict');
    const data = actionData(card, 'confirm-job');
    const newUpn = `christie.old@${CONTOSO_DOMAIN}`;
    const { response } = await harness.invoke(alex, 'confirm-job', { ...data, newUserPrincipalName: newUpn, autoReconcileProxyConflict: 'true' }, reply?.id);
    expect(response.status).toBe(200);
    expect((await harness.store.getJob(String(data?.jobId)))?.job.state).toBe('cancelled');
    const [replacement] = (await harness.store.listJobs({ initiatorId: alex.id })).filter((j) => j.id !== data?.jobId && j.kind === 'restore');
    expect(replacement).toBeDefined();
    const finished = await harness.waitForJob(String(replacement?.id));
    expect(finished.counters.succeeded).toBe(1);
    const token = await sandbox.issueToken(alex.id);
    const user = await fetch(`${sandbox.graphBaseUrl}/users/${old.id}?$select=userPrincipalName`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await user.json()) as { userPrincipalName?: string }).userPrincipalName).toBe(newUpn);
  });
});

describe('purge', () => {
  it('permanently deletes a recycle-bin item after confirmation', async () => {
    const harness = createHarness(sandbox);
    const megan = CONTOSO_PEOPLE.meganBowenOtherDeleted;
    const [reply] = await harness.say(admin, `purge ${megan.id}`);
    const data = actionData(cardOf(reply), 'confirm-job');
    expect(data?.jobId).toBeTruthy();
    await harness.invoke(admin, 'confirm-job', data, reply?.id);
    const job = await harness.waitForJob(String(data?.jobId));
    expect(job).toMatchObject({ kind: 'purge', counters: { succeeded: 1 } });
    const token = await sandbox.issueToken(admin.id);
    const gone = await fetch(`${sandbox.graphBaseUrl}/directory/deletedItems/${megan.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).toBe(404);
  });
});
