import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { parseApprovalPolicy } from '../../../src/jobs/approval-policy';
import type { ApprovalPolicy } from '../../../src/jobs/approval-policy';
import { expireDrafts } from '../../../src/jobs/job-control';
import { BULK_KINDS } from '../../../src/operations/catalogue';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from '../bot/bot-harness';
import { startCsvFiles } from '../bot/csv-files';
import type { CsvFiles } from '../bot/csv-files';
import type { Harness, Person } from '../bot/bot-harness';

// Two admins with different roles: MOD Administrator (Global Administrator) starts the jobs, Alex Wilber
// (User Administrator, which allows deleting users) approves them; Nestor Wilke (Groups Administrator) may not.
const mod = CONTOSO_PEOPLE.modAdministrator;
const alex = CONTOSO_PEOPLE.alexWilber;
const nestor = CONTOSO_PEOPLE.nestorWilke;
const isaiah = CONTOSO_PEOPLE.isaiahLanger;
const stranger: Person = { id: 'c0a70500-0000-4000-8000-00000000ffff', displayName: 'Not In The Tenant' };

let sandbox: RunningSandbox;
let files: CsvFiles;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  files = await startCsvFiles();
});
afterAll(async () => {
  await files.close();
  await sandbox.stop();
});

function policy(text: string): ApprovalPolicy {
  const parsed = parseApprovalPolicy(text, BULK_KINDS);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.policy;
}

async function writes(method: string, pathPart: string): Promise<number> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string }[] };
  return entries.filter((e) => e.method === method && e.path.includes(pathPart)).length;
}

const deletesOf = (id: string) => writes('DELETE', `/users/${id}`);

/** The job's card as the conversation shows it now (after in-place updates). */
function postedCard(bot: Harness, id: string | undefined): unknown {
  return cardOf(bot.adapter.activeQueue.find((a) => a.id === id) as Partial<Activity> | undefined);
}

/** Proposes in the group and confirms as the initiator (through the refresh that gives them their buttons). */
async function proposeAndConfirm(bot: Harness, initiator: Person, text: string): Promise<{ jobId: string; cardId: string | undefined; confirmed: unknown }> {
  const [reply] = await bot.say(initiator, text);
  const posted = cardOf(reply) as { refresh?: { action?: { data?: Record<string, unknown> } } } | undefined;
  const mine = await bot.invoke(initiator, 'refresh-job', posted?.refresh?.action?.data, reply?.id);
  const confirm = actionData(mine.response.body?.value, 'confirm-job');
  expect(confirm?.jobId).toBeTruthy();
  const confirmed = await bot.invoke(initiator, 'confirm-job', confirm, reply?.id);
  return { jobId: String(confirm?.jobId), cardId: reply?.id, confirmed: confirmed.response.body?.value };
}

async function jobOf(bot: Harness, jobId: string) {
  const stored = await bot.store.getJob(jobId);
  if (!stored) throw new Error(`no job ${jobId}`);
  return stored.job;
}

describe('second approval in a group chat', () => {
  it('runs a covered job only after a second eligible administrator approves, with the initiator\'s token', async () => {
    const bot = createHarness(sandbox, { conversationId: 'group-four-eyes-approve', isGroup: true, deps: { approvalPolicy: policy('delete-users>0') } });
    const debra = CONTOSO_PEOPLE.debraBerger;
    const { jobId, cardId, confirmed } = await proposeAndConfirm(bot, mod, `delete user ${debra.displayName}`);

    // The initiator's Confirm does not queue the job: it waits for someone else.
    expect(cardText(confirmed)).toContain('Waiting for a second administrator');
    expect(await jobOf(bot, jobId)).toMatchObject({ state: 'awaiting-second-approval', approver: { objectId: mod.id }, approvedAt: null });
    // Everyone in the group sees the same card: Approve and Decline for the others, Cancel for the initiator.
    const shared = postedCard(bot, cardId);
    expect(actionData(shared, 'cancel-job')?.jobId).toBe(jobId);
    expect(cardText(shared)).toContain('Waiting for a second administrator');
    const approve = actionData(shared, 'approve-job');
    expect(approve?.jobId).toBe(jobId);
    expect(actionData(shared, 'decline-job')?.jobId).toBe(jobId);

    // Never on the initiator's second click: not Approve, not Confirm again.
    const own = await bot.invoke(mod, 'approve-job', approve, cardId);
    expect(cardText(own.response.body?.value)).toContain("You started this job, so you can't be its second approver");
    const confirmAgain = await bot.invoke(mod, 'confirm-job', approve, cardId);
    expect(cardText(confirmAgain.response.body?.value)).toContain('Waiting for a second administrator');
    // Not for an admin whose role doesn't allow deleting users, nor one whose role isn't active, nor without sign-in.
    const groupsAdmin = await bot.invoke(nestor, 'approve-job', approve, cardId);
    expect(cardText(groupsAdmin.response.body?.value)).toContain("You don't hold a role that allows this job");
    const eligibleOnly = await bot.invoke(isaiah, 'approve-job', approve, cardId);
    expect(cardText(eligibleOnly.response.body?.value)).toContain('You are eligible for User Administrator, but it isn');
    const notSignedIn = await bot.invoke(stranger, 'approve-job', approve, cardId);
    expect(notSignedIn.replies.map((r) => r.text ?? '').join(' ')).toContain('I have no Microsoft Graph access for your account');
    expect(cardText(notSignedIn.response.body?.value)).toContain('Sign in first');
    expect((await jobOf(bot, jobId)).state).toBe('awaiting-second-approval');
    expect(await deletesOf(debra.id)).toBe(0);

    const approved = await bot.invoke(alex, 'approve-job', approve, cardId);
    expect(approved.response.status).toBe(200);
    const finished = await bot.waitForJob(jobId);
    expect(finished).toMatchObject({ state: 'completed', approver: { objectId: mod.id, name: mod.displayName }, secondApprover: { objectId: alex.id, name: alex.displayName } });
    expect(finished.approvedAt).not.toBeNull();
    expect(await deletesOf(debra.id)).toBe(1);
    // The write went out as the initiator: the sandbox's audit names who acted.
    const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string; actorOid: string | null }[] };
    expect(entries.filter((e) => e.method === 'DELETE' && e.path.includes(debra.id)).map((e) => e.actorOid)).toEqual([mod.id]);

    // Both names on the result card, as the posted card shows it, and in the results file.
    expect(cardText(postedCard(bot, cardId))).toContain(`started by ${mod.displayName} · approved by ${alex.displayName}`);
    const file = await bot.store.getFile(jobId, 'results.csv');
    const csv = file ? Buffer.concat(await file.toArray()).toString('utf8') : '';
    expect(csv.split('\r\n')[0]).toContain('Started by,Approved by');
    expect(csv.split('\r\n')[1]).toContain(`${mod.displayName},${alex.displayName}`);
    // A late second approval changes nothing.
    await bot.invoke(alex, 'approve-job', approve, cardId);
    expect(await deletesOf(debra.id)).toBe(1);
  });

  it('a decline by an eligible administrator ends the job with nothing done; an admin without the role cannot decline', async () => {
    const bot = createHarness(sandbox, { conversationId: 'group-four-eyes-decline', isGroup: true, deps: { approvalPolicy: policy('delete-users>0') } });
    const grady = CONTOSO_PEOPLE.gradyArchie;
    const { jobId, cardId } = await proposeAndConfirm(bot, mod, `delete user ${grady.displayName}`);
    const decline = actionData(postedCard(bot, cardId), 'decline-job');
    const refused = await bot.invoke(nestor, 'decline-job', decline, cardId);
    expect(cardText(refused.response.body?.value)).toContain("You don't hold a role that allows this job");
    expect((await jobOf(bot, jobId)).state).toBe('awaiting-second-approval');

    await bot.invoke(alex, 'decline-job', decline, cardId);
    const job = await jobOf(bot, jobId);
    expect(job).toMatchObject({ state: 'cancelled', declinedBy: { objectId: alex.id }, counters: { cancelled: 1, remaining: 0 } });
    expect(job.secondApprover ?? null).toBeNull();
    const late = await bot.invoke(alex, 'approve-job', decline, cardId);
    expect(cardText(late.response.body?.value)).toContain(`${alex.displayName} declined it`);
    expect(await deletesOf(grady.id)).toBe(0);
  });

  it('cannot be approved once the request has expired, before or after the sweep', async () => {
    let now = Date.now();
    const bot = createHarness(sandbox, { conversationId: 'group-four-eyes-expiry', isGroup: true, deps: { approvalPolicy: policy('delete-users>0'), now: () => now } });
    const irvin = CONTOSO_PEOPLE.irvinSayers;
    const { jobId, cardId } = await proposeAndConfirm(bot, mod, `delete user ${irvin.displayName}`);
    const approve = actionData(postedCard(bot, cardId), 'approve-job');
    now += 25 * 60 * 60 * 1000;
    const lapsed = await bot.invoke(alex, 'approve-job', approve, cardId);
    expect(cardText(lapsed.response.body?.value)).toContain('This approval request has expired');
    expect((await jobOf(bot, jobId)).state).toBe('awaiting-second-approval');
    expect((await expireDrafts(bot.store, new Date(now))).map((e) => e.job.id)).toContain(jobId);
    const swept = await bot.invoke(alex, 'approve-job', approve, cardId);
    expect(cardText(swept.response.body?.value)).toContain('This approval request has expired');
    expect(await jobOf(bot, jobId)).toMatchObject({ state: 'expired', counters: { cancelled: 1 } });
    expect(await deletesOf(irvin.id)).toBe(0);
  });

  it('an approver needs a role for what this job does, not any role of its kind: a restore of users only', async () => {
    const bot = createHarness(sandbox, { conversationId: 'group-four-eyes-restore-users', isGroup: true, deps: { approvalPolicy: policy('restore>0') } });
    const kim = CONTOSO_PEOPLE.kimAbercrombieGuestDeleted;
    const { jobId, cardId } = await proposeAndConfirm(bot, mod, `restore ${kim.displayName}`);
    const shared = postedCard(bot, cardId);
    // The card names the roles that restore users; restoring groups (Groups Administrator) is not part of this job.
    expect(cardText(shared)).toContain('User Administrator, Authentication Administrator or Privileged Authentication Administrator (or Global Administrator)');
    expect(cardText(shared)).not.toContain('Groups Administrator');
    const approve = actionData(shared, 'approve-job');

    const groupsAdmin = await bot.invoke(nestor, 'approve-job', approve, cardId);
    expect(cardText(groupsAdmin.response.body?.value)).toContain(
      "You don't hold a role that allows this job (User Administrator, Authentication Administrator, Privileged Authentication Administrator or Global Administrator)",
    );
    expect((await jobOf(bot, jobId)).state).toBe('awaiting-second-approval');
    expect(await writes('POST', `/deletedItems/${kim.id}/restore`)).toBe(0);

    await bot.invoke(alex, 'approve-job', approve, cardId);
    const finished = await bot.waitForJob(jobId);
    expect(finished).toMatchObject({ state: 'completed', secondApprover: { objectId: alex.id } });
    expect(await writes('POST', `/deletedItems/${kim.id}/restore`)).toBe(1);
  });

  it('a job the policy does not cover runs on its initiator\'s Confirm, as before', async () => {
    const bot = createHarness(sandbox, { conversationId: 'group-four-eyes-uncovered', isGroup: true, deps: { approvalPolicy: policy('delete-users>0') } });
    const adele = CONTOSO_PEOPLE.adeleVanceDeleted;
    const { jobId } = await proposeAndConfirm(bot, alex, `restore ${adele.displayName}`);
    const finished = await bot.waitForJob(jobId);
    expect(finished.state).toBe('completed');
    expect(finished.secondApprover ?? null).toBeNull();
    expect(await writes('POST', `/deletedItems/${adele.id}/restore`)).toBe(1);
  });
});

describe('second approval for a job confirmed in a personal chat', () => {
  it('gives the initiator a card to take to a channel, where `approval <job>` posts the Approve card for the others', async () => {
    const bot = createHarness(sandbox, { conversationId: 'personal-mod', deps: { approvalPolicy: policy('delete-users>1') } });
    const leavers = [CONTOSO_PEOPLE.enricoCattaneo, CONTOSO_PEOPLE.benWalters];
    const csv = `version:v1.0\r\nUser name [userPrincipalName] Required\r\n${leavers.map((p) => p.userPrincipalName).join('\r\n')}\r\n`;
    const [reply] = await bot.say(mod, 'delete users', files.attach('leavers.csv', csv));
    const confirm = actionData(cardOf(reply), 'confirm-job');
    const jobId = String(confirm?.jobId);
    const confirmed = await bot.invoke(mod, 'confirm-job', confirm, reply?.id);
    const label = jobId.replace(/-/g, '').slice(0, 6).toUpperCase();

    // In the personal chat: the waiting card (Cancel only) and a card to share, which says how, and why a command.
    expect(cardText(confirmed.response.body?.value)).toContain('Waiting for a second administrator');
    expect(actionData(confirmed.response.body?.value, 'approve-job')).toBeUndefined();
    const share = cardOf(confirmed.replies.find((r) => cardOf(r) !== undefined));
    expect(cardText(share)).toContain(`approval ${label}`);
    expect(cardText(share)).toContain("I can't post into a channel by myself");
    expect(actionData(share, 'approve-job')).toBeUndefined();
    expect((await jobOf(bot, jobId)).state).toBe('awaiting-second-approval');

    // The initiator asks in the admins' channel; the card there is for the others to approve.
    const channel = { conversation: { id: 'channel-admins', isGroup: true, conversationType: 'channel', tenantId: sandbox.tenantId, name: 'Admins' } };
    const [notOwn] = await bot.say(alex, `approval ${label}`, channel);
    expect(notOwn?.text).toContain('I found no job');
    const [posted] = await bot.say(mod, `approval ${label}`, channel);
    const approve = actionData(cardOf(posted), 'approve-job');
    expect(approve?.jobId).toBe(jobId);
    const own = await bot.invoke(mod, 'approve-job', approve, posted?.id, channel);
    expect(cardText(own.response.body?.value)).toContain("You started this job, so you can't be its second approver");
    // The card works only where it was posted (or in the job's own conversation).
    const elsewhere = await bot.invoke(alex, 'approve-job', approve, posted?.id, { conversation: { ...channel.conversation, id: 'some-other-group' } });
    expect(cardText(elsewhere.response.body?.value)).toContain('This job no longer exists');
    for (const p of leavers) expect(await deletesOf(p.id)).toBe(0);

    await bot.invoke(alex, 'approve-job', approve, posted?.id, channel);
    // The copy in the channel says who approved it, with no buttons left.
    const channelCard = postedCard(bot, posted?.id);
    expect(cardText(channelCard)).toContain(`Approved by ${alex.displayName}`);
    expect(actionData(channelCard, 'approve-job')).toBeUndefined();
    const finished = await bot.waitForJob(jobId);
    expect(finished).toMatchObject({ state: 'completed', counters: { succeeded: 2 }, secondApprover: { objectId: alex.id } });
    for (const p of leavers) expect(await deletesOf(p.id)).toBe(1);
    // The `status` and `jobs` views name both administrators.
    const [status] = await bot.say(mod, `status ${label}`);
    expect(cardText(cardOf(status))).toContain(`started by ${mod.displayName} · approved by ${alex.displayName}`);
    const [jobs] = await bot.say(mod, 'jobs');
    expect(cardText(cardOf(jobs))).toContain(`approved by ${alex.displayName}`);
  });
});
