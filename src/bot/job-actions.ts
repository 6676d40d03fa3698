import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { typedCountMatches } from '../cards/card-action-data';
import type { CardActionData } from '../cards/card-action-data';
import { needsTypedCount } from '../cards/build-confirm-card';
import { buildErrorCard } from '../cards/build-error-card';
import { buildNotYoursCard } from '../cards/build-not-yours-card';
import type { Job } from '../jobs/job-model';
import { approveJob, approveSecondly, cancelJob, createRetryJob, declineSecondApproval, requestSecondApproval, resumeJob } from '../jobs/job-control';
import type { PlaceGate } from '../jobs/job-control';
import type { CallerProfile } from '../operations/caller-profile';
import { DEFAULT_JOB_LIMITS } from '../jobs/job-limits';
import { countedJobPlaces } from '../jobs/job-places';
import type { JobLimits, LimitCheck } from '../jobs/job-limits';
import { mutateJob } from '../jobs/job-store';
import { isBulkKind, operationFor } from '../operations/catalogue';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { cardActivityIdOf, cardTokenOf, initiatorMri, jobLabel, jobStatusCard, kindLabel, newCardToken } from './job-card-views';
import { confirmCardFor, offeredRowCount, plannedRowsOf, rememberCardActivity, sendCard } from './plan-confirmation';
import { graphReadErrorCard } from './graph-read-refusal';
import { replacedCardFor } from './superseded-cards';
import type { RowNeed } from '../operations/bulk-operation';
import { replanRestoreTarget, restoreChoiceChange } from '../operations/plan-restore-target';
import { createJobFromPlan } from '../engine/create-job-from-plan';
import { connectAs } from './turn-actor';
import { applyUndoChoices } from './undo-replan';
import type { TurnActor } from './turn-actor';
import { audienceFor } from './turn-actor';
import { approvalCardFor, checkApprover, needsSecondApproval } from './second-approval-views';

export type JobCheck = { ok: true; job: Job } | { ok: false; card: AdaptiveCardJson };

const STALE_CARD = 'This card is out of date: the job it belongs to has a newer card. Nothing was changed.';

const NO_SUCH_JOB = { title: 'This job no longer exists', message: 'It may have expired or been cleaned up. Nothing was changed; send the command again.' };

/**
 * A job this person may at least see: same tenant, and either theirs or from this conversation. Anything else reads as
 * "no such job", so a guessed or copied id from another conversation or tenant tells nobody that the job exists.
 */
export function isVisibleTo(job: Job, actor: TurnActor): boolean {
  if (job.tenantId !== actor.tenantId) return false;
  return job.initiator.objectId === actor.aadObjectId || (job.conversationId !== null && job.conversationId === actor.conversationId);
}

/** Only the initiator may act on a job, only from a current card, only in the conversation the job belongs to. */
export async function checkJobAction(runtime: BotRuntime, actor: TurnActor, data: CardActionData, what: string): Promise<JobCheck> {
  if (!data.jobId) return { ok: false, card: buildErrorCard({ title: 'This card has no job', message: 'Send the command again.' }) };
  const stored = await runtime.deps.store.getJob(data.jobId);
  if (!stored || !isVisibleTo(stored.job, actor)) return { ok: false, card: buildErrorCard(NO_SUCH_JOB) };
  const job = stored.job;
  if (job.initiator.objectId !== actor.aadObjectId) {
    return { ok: false, card: buildNotYoursCard({ initiatorName: job.initiator.name, what, kindLabel: kindLabel(job.kind), jobLabel: jobLabel(job) }) };
  }
  if (cardTokenOf(job) !== data.cardToken) return { ok: false, card: buildErrorCard({ title: 'Out-of-date card', message: STALE_CARD }) };
  if (job.conversationId && job.conversationId !== actor.conversationId) {
    return {
      ok: false,
      card: buildErrorCard({ title: 'Card from another conversation', message: 'This card was copied from another conversation. Use the card where the job was started; nothing was changed.' }),
    };
  }
  return { ok: true, job };
}

export function jobLimitsOf(runtime: BotRuntime): JobLimits {
  return runtime.deps.jobLimits ?? DEFAULT_JOB_LIMITS;
}

/** The job limits and where they are counted, for approvals and resumes. */
export function placeGateOf(runtime: BotRuntime): PlaceGate {
  return { places: runtime.deps.jobPlaces ?? countedJobPlaces(runtime.deps.store), limits: jobLimitsOf(runtime) };
}

export function limitMessage(refused: Exclude<LimitCheck, { ok: true }>): string {
  const listed = refused.active.slice(0, 5).map((job) => `${kindLabel(job.kind)} ${jobLabel(job)} (${job.state})`);
  const more = refused.active.length > listed.length ? `, and ${refused.active.length - listed.length} more` : '';
  const jobs = `${refused.limit} ${refused.limit === 1 ? 'job' : 'jobs'}`;
  if (refused.scope === 'admin') {
    return (
      `You already have ${jobs} running: ${listed.join(', ')}${more}. Wait for one to finish or cancel one ` +
      '(`cancel <job>`), then confirm this card again; it stays ready until it expires.'
    );
  }
  return (
    `Your organization already has ${jobs} running at once, the most this bot runs per tenant. Wait for one to finish, ` +
    'then confirm this card again; it stays ready until it expires.'
  );
}

function heldRoleOf(job: Job): string {
  return typeof job.options.heldRole === 'string' ? job.options.heldRole : 'your admin role';
}

/** The job as the viewer should see it now: the confirm card while it waits for approval, then progress or result. */
export async function statusCardFor(runtime: BotRuntime, job: Job, actor: TurnActor, notices: readonly string[] = []): Promise<AdaptiveCardJson> {
  const replaced = replacedCardFor(job);
  if (replaced) return replaced;
  const isInitiator = job.initiator.objectId === actor.aadObjectId;
  const audience = audienceFor(actor, { mri: initiatorMri(job), name: job.initiator.name }, isInitiator);
  if (job.state === 'awaiting-approval' || job.state === 'draft') {
    return confirmCardFor(job, await plannedRowsOf(runtime.deps.store, job.id), notices, audience, heldRoleOf(job));
  }
  if (job.state === 'awaiting-second-approval') return approvalCardFor(runtime.deps.store, job, audience, { notices });
  return jobStatusCard(runtime.deps.store, job, audience);
}

async function currentCard(runtime: BotRuntime, jobId: string, actor: TurnActor): Promise<AdaptiveCardJson> {
  const stored = await runtime.deps.store.getJob(jobId);
  return stored && isVisibleTo(stored.job, actor)
    ? statusCardFor(runtime, stored.job, actor)
    : buildErrorCard({ title: 'This job no longer exists', message: 'Nothing was changed.' });
}

export function startRun(runtime: BotRuntime, jobId: string): void {
  void runtime.runner.runJob(jobId).catch((error: unknown) => runtime.logger.error({ err: error, jobId }, 'job run failed'));
}

/** Confirm: at most one transition however often it is clicked; the work runs in the job runner, not in this invoke. */
export async function confirmJobAction(runtime: BotRuntime, chat: Chat, actor: TurnActor, data: CardActionData): Promise<AdaptiveCardJson> {
  const checked = await checkJobAction(runtime, actor, data, 'confirm or cancel this job');
  if (!checked.ok) return checked.card;
  const job = checked.job;
  if (job.state !== 'awaiting-approval' && job.state !== 'draft') return statusCardFor(runtime, job, actor);
  if (job.expiresAt && Date.parse(job.expiresAt) <= runtime.now()) {
    return buildErrorCard({ title: 'This request has expired', message: 'Nobody confirmed it in time, so nothing was changed. Send the command again.' });
  }
  const undo = await applyUndoChoices(runtime, actor, job, data);
  if (!undo.ok) return undo.card;
  // The dry run knew every row would fail: there is nothing to confirm, whatever the card (or a forged one) sent.
  if (undo.job.options.offeredRows === 0) return statusCardFor(runtime, undo.job, actor);
  const options = await applyCardOptions(runtime, actor, undo.job, data);
  if (!options.ok) return options.card;
  return approveAndRun(runtime, chat, actor, options.job, data);
}

async function approveAndRun(runtime: BotRuntime, chat: Chat, actor: TurnActor, job: Job, data: CardActionData): Promise<AdaptiveCardJson> {
  const destructive = isBulkKind(job.kind) && operationFor(job.kind).destructive;
  const runs = typeof job.options.offeredRows === 'number' ? job.options.offeredRows : job.counters.total;
  if (needsTypedCount({ destructive, rowCount: job.counters.total, runRowCount: runs }) && !typedCountMatches(data.typedCount, runs)) {
    return statusCardFor(runtime, job, actor, [`To confirm, type ${runs} exactly in the box.`]);
  }
  const replyToId = chat.facts.replyToId;
  if (needsSecondApproval(runtime.deps.approvalPolicy, job)) {
    if (replyToId && replyToId !== cardActivityIdOf(job)) await rememberCardActivity(runtime.deps.store, job.id, replyToId);
    return requestApproval(runtime, chat, actor, job);
  }
  const gate = placeGateOf(runtime);
  const limits = await gate.places.hold({ initiatorId: job.initiator.objectId, tenantId: job.tenantId }, job.id, gate.limits);
  if (!limits.ok) return statusCardFor(runtime, job, actor, [limitMessage(limits)]);
  if (replyToId && replyToId !== cardActivityIdOf(job)) await rememberCardActivity(runtime.deps.store, job.id, replyToId);
  const approved = await approveJob(runtime.deps.store, job.id, { objectId: actor.aadObjectId, name: job.initiator.name }, new Date(runtime.now()));
  if (!approved.ok) {
    await gate.places.release(job.tenantId, job.id);
    return currentCard(runtime, job.id, actor);
  }
  startRun(runtime, job.id);
  return statusCardFor(runtime, approved.value.job, actor);
}

/**
 * The approval policy covers this job: the initiator's Confirm makes it wait for a second administrator. In a group
 * chat or channel everyone else's card gets Approve and Decline; in a personal chat the initiator gets a card to take
 * to a channel.
 */
async function requestApproval(runtime: BotRuntime, chat: Chat, actor: TurnActor, job: Job): Promise<AdaptiveCardJson> {
  const waiting = await requestSecondApproval(runtime.deps.store, job.id, { objectId: actor.aadObjectId, name: job.initiator.name }, new Date(runtime.now()));
  if (!waiting.ok) return currentCard(runtime, job.id, actor);
  const next = waiting.value.job;
  const initiator = { mri: initiatorMri(next), name: next.initiator.name };
  const posted = cardActivityIdOf(next);
  if (actor.isGroup && posted) {
    await chat.update(posted, await approvalCardFor(runtime.deps.store, next, { isGroup: true, initiator, viewer: 'observer' }));
  } else if (!actor.isGroup) {
    await sendCard(chat, await approvalCardFor(runtime.deps.store, next, { isGroup: false, initiator, viewer: 'initiator' }, { mode: 'share' }));
  }
  return statusCardFor(runtime, next, actor);
}

/** Who may see a job's approval card: those who may see the job, and the conversation its approval was posted to. */
function approvalVisibleTo(job: Job, actor: TurnActor): boolean {
  return isVisibleTo(job, actor) || (job.tenantId === actor.tenantId && job.options.approvalConversationId === actor.conversationId);
}

const NOT_SIGNED_IN = 'Sign in first (I sent you the sign-in card), then press the button again. Nothing was changed.';

/** A second administrator's Approve or Decline: checked against the job before anything asks Graph who they are. */
async function checkSecondApprovalAction(runtime: BotRuntime, actor: TurnActor, data: CardActionData): Promise<JobCheck> {
  if (!data.jobId) return { ok: false, card: buildErrorCard({ title: 'This card has no job', message: 'Send the command again.' }) };
  const stored = await runtime.deps.store.getJob(data.jobId);
  if (!stored || !approvalVisibleTo(stored.job, actor)) return { ok: false, card: buildErrorCard(NO_SUCH_JOB) };
  const job = stored.job;
  if (cardTokenOf(job) !== data.cardToken) return { ok: false, card: buildErrorCard({ title: 'Out-of-date card', message: STALE_CARD }) };
  const lapsed = job.state === 'awaiting-second-approval' && job.expiresAt !== null && Date.parse(job.expiresAt) <= runtime.now();
  if (job.state === 'expired' || lapsed) {
    const message = `Nobody approved it in time, so nothing was done. ${job.initiator.name} can start the job again.`;
    return { ok: false, card: buildErrorCard({ eyebrow: 'Second approval', tone: 'refusal', title: 'This approval request has expired', message }) };
  }
  if (job.declinedBy) {
    const message = `${job.declinedBy.name} declined it, so it can't be approved any more; nothing was done.`;
    return { ok: false, card: buildErrorCard({ eyebrow: 'Second approval', tone: 'refusal', title: 'This job was declined', message }) };
  }
  if (job.state !== 'awaiting-second-approval') return { ok: false, card: await statusCardFor(runtime, job, actor) };
  return { ok: true, job };
}

/** The approver's roles, read with their own delegated token; undefined when they must sign in first (sent). */
export type ConnectApprover = () => Promise<CallerProfile | undefined>;

async function eligibleApprover(runtime: BotRuntime, actor: TurnActor, job: Job, connect: ConnectApprover): Promise<{ ok: true; caller: CallerProfile } | { ok: false; card: AdaptiveCardJson }> {
  const caller = await connect();
  if (!caller) return { ok: false, card: await statusCardFor(runtime, job, actor, [NOT_SIGNED_IN]) };
  const eligible = checkApprover(job, caller);
  if (!eligible.ok) return { ok: false, card: await statusCardFor(runtime, job, actor, [eligible.reason]) };
  return { ok: true, caller };
}

/**
 * The card that was pressed, once an approval or decline is done, as everyone in the group sees it (teams-ai posts the
 * answer to a card with a refresh to everyone anyway). A copy posted with `approval <job>` in another conversation only
 * says who approved it; the job's own card shows its progress, which the card updater keeps current from then on.
 */
async function decidedCard(runtime: BotRuntime, chat: Chat, actor: TurnActor, job: Job): Promise<AdaptiveCardJson> {
  const pressed = chat.facts.replyToId;
  const audience = { isGroup: true, initiator: { mri: initiatorMri(job), name: job.initiator.name }, viewer: 'observer' as const };
  if (job.secondApprover && pressed !== undefined && pressed !== cardActivityIdOf(job)) {
    const copy = await approvalCardFor(runtime.deps.store, job, audience, { approvedBy: job.secondApprover.name });
    if (actor.isGroup) await chat.update(pressed, copy);
    return copy;
  }
  // A running job's own card is the card updater's: a second writer could land after the result.
  if (pressed && actor.isGroup && !job.secondApprover) await chat.update(pressed, await jobStatusCard(runtime.deps.store, job, audience));
  return statusCardFor(runtime, job, actor);
}

/**
 * Approve: only an administrator other than the initiator, holding a role that allows the job, confirmed by Graph with
 * their own token. The job then runs as before, with the initiator's token.
 */
export async function approveJobAction(runtime: BotRuntime, chat: Chat, actor: TurnActor, data: CardActionData, connect: ConnectApprover): Promise<AdaptiveCardJson | string> {
  const checked = await checkSecondApprovalAction(runtime, actor, data);
  if (!checked.ok) return checked.card;
  const job = checked.job;
  if (job.initiator.objectId === actor.aadObjectId) {
    return statusCardFor(runtime, job, actor, ["You started this job, so you can't be its second approver: another administrator must approve it. Nothing was changed."]);
  }
  const approver = await eligibleApprover(runtime, actor, job, connect);
  if (!approver.ok) return approver.card;
  const gate = placeGateOf(runtime);
  const limits = await gate.places.hold({ initiatorId: job.initiator.objectId, tenantId: job.tenantId }, job.id, gate.limits);
  if (!limits.ok) {
    const who = limits.scope === 'admin' ? `${job.initiator.name} already has` : 'Your organization already has';
    return statusCardFor(runtime, job, actor, [`${who} ${limits.limit} ${limits.limit === 1 ? 'job' : 'jobs'} running at once. Press Approve again once one has finished; nothing was changed.`]);
  }
  const approved = await approveSecondly(runtime.deps.store, job.id, { objectId: actor.aadObjectId, name: approver.caller.displayName }, new Date(runtime.now()));
  if (!approved.ok) {
    await gate.places.release(job.tenantId, job.id);
    return currentCard(runtime, job.id, actor);
  }
  startRun(runtime, job.id);
  return decidedCard(runtime, chat, actor, approved.value.job);
}

/** Decline: the same administrators who could approve end the job with nothing done; the initiator's press cancels it. */
export async function declineJobAction(runtime: BotRuntime, chat: Chat, actor: TurnActor, data: CardActionData, connect: ConnectApprover): Promise<AdaptiveCardJson | string> {
  const checked = await checkSecondApprovalAction(runtime, actor, data);
  if (!checked.ok) return checked.card;
  const job = checked.job;
  const now = new Date(runtime.now());
  if (job.initiator.objectId === actor.aadObjectId) {
    await cancelJob(runtime.deps.store, job.id, now, { objectId: actor.aadObjectId, name: job.initiator.name });
  } else {
    const approver = await eligibleApprover(runtime, actor, job, connect);
    if (!approver.ok) return approver.card;
    const declined = await declineSecondApproval(runtime.deps.store, job.id, { objectId: actor.aadObjectId, name: approver.caller.displayName }, now);
    if (!declined.ok) return currentCard(runtime, job.id, actor);
  }
  const stored = await runtime.deps.store.getJob(job.id);
  return stored ? decidedCard(runtime, chat, actor, stored.job) : currentCard(runtime, job.id, actor);
}

/** What the admin still has to give on the card for a row that needs it. */
const NEEDED_INPUT: Record<RowNeed, string> = {
  newUserPrincipalName: 'Type a new user name in the box, then confirm again.',
  proxyReconciliation: 'Tick "Remove conflicting proxy addresses from the restored user", then confirm again; without it Microsoft Graph refuses the restore.',
};

/**
 * A new user name or proxy reconciliation typed on the card changes what the restore will do, so it is planned
 * again (in operations) as a replacement job; the old one is cancelled.
 */
async function applyCardOptions(runtime: BotRuntime, actor: TurnActor, job: Job, data: CardActionData): Promise<JobCheck> {
  if (job.kind !== 'restore' || job.counters.total !== 1) return { ok: true, job };
  const [row] = await plannedRowsOf(runtime.deps.store, job.id);
  if (!row || !row.work?.id) return { ok: true, job };
  const change = restoreChoiceChange(row, data);
  if (!change.changed) {
    if (row.needs && row.outcome !== 'ready') return { ok: false, card: await statusCardFor(runtime, job, actor, [NEEDED_INPUT[row.needs]]) };
    return { ok: true, job };
  }
  const session = await connectAs(runtime, actor);
  if (!session.ok) return { ok: false, card: buildErrorCard({ title: "I can't act for you right now", message: session.message }) };
  const replanned = await replanRestoreTarget({ graph: session.graph, caller: session.caller, now: runtime.now }, change.objectId, change.choices);
  if (!replanned.ok && replanned.reason === 'read-failed') return { ok: false, card: graphReadErrorCard('recycle-bin', "I couldn't check the recycle bin", replanned.error) };
  if (!replanned.ok) return { ok: false, card: buildErrorCard({ title: 'Nothing to restore', message: 'The object is no longer in the recycle bin. Nothing was changed.' }) };
  const plan = replanned.plan;
  const replacement = await createJobFromPlan(runtime.deps.store, {
    plan,
    tenantId: job.tenantId,
    initiator: job.initiator,
    source: job.source,
    options: { ...job.options, offeredRows: offeredRowCount(plan.kind, plan.rows) },
    conversationReference: job.conversationReference,
    ...(job.conversationId ? { conversationId: job.conversationId } : {}),
    state: 'awaiting-approval',
    now: runtime.now(),
  });
  await cancelJob(runtime.deps.store, job.id, new Date(runtime.now()), { objectId: actor.aadObjectId, name: job.initiator.name });
  const [planned] = plan.rows;
  if (planned?.outcome === 'ready') return { ok: true, job: replacement };
  return { ok: false, card: await statusCardFor(runtime, replacement, actor, ['That still does not work; see the row below.']) };
}

export async function cancelJobAction(runtime: BotRuntime, actor: TurnActor, data: CardActionData): Promise<AdaptiveCardJson | string> {
  if (!data.jobId) return 'OK, nothing was done.';
  const checked = await checkJobAction(runtime, actor, data, 'confirm or cancel this job');
  if (!checked.ok) return checked.card;
  await cancelJob(runtime.deps.store, checked.job.id, new Date(runtime.now()), { objectId: actor.aadObjectId, name: checked.job.initiator.name });
  return currentCard(runtime, checked.job.id, actor);
}

export async function resumeJobAction(runtime: BotRuntime, actor: TurnActor, data: CardActionData): Promise<AdaptiveCardJson> {
  const checked = await checkJobAction(runtime, actor, data, 'resume or cancel this job');
  if (!checked.ok) return checked.card;
  const resumed = await resumeJob(runtime.deps.store, checked.job.id, new Date(runtime.now()), placeGateOf(runtime));
  if (!resumed.ok && resumed.error.kind === 'over-limit') return statusCardFor(runtime, checked.job, actor, [limitMessage(resumed.error.refusal)]);
  if (resumed.ok) startRun(runtime, checked.job.id);
  return currentCard(runtime, checked.job.id, actor);
}

export async function refreshJobAction(runtime: BotRuntime, actor: TurnActor, data: CardActionData): Promise<AdaptiveCardJson> {
  if (!data.jobId) return buildErrorCard({ title: 'This card has no job', message: 'Send the command again.' });
  return currentCard(runtime, data.jobId, actor);
}

/** A new job, awaiting approval, holding only the failed rows; its confirm card is posted as a new message. */
export async function proposeRetry(runtime: BotRuntime, chat: Chat, actor: TurnActor, job: Job): Promise<string> {
  const created = await createRetryJob(runtime.deps.store, job.id, { now: new Date(runtime.now()), initiator: job.initiator });
  if (!created.ok) return created.error.message;
  const retry = await mutateJob(runtime.deps.store, created.value.job.id, (j) => ({
    ...j,
    conversationId: actor.conversationId,
    options: { ...j.options, cardToken: newCardToken(), cardActivityId: '' },
  }));
  if (!retry.ok) return 'I could not prepare the retry; try again.';
  const rows = await plannedRowsOf(runtime.deps.store, retry.value.job.id);
  // The options came from the original job: what a Confirm runs is counted again for these rows.
  const counted = await mutateJob(runtime.deps.store, retry.value.job.id, (j) => ({ ...j, options: { ...j.options, offeredRows: offeredRowCount(j.kind, rows) } }));
  if (!counted.ok) return 'I could not prepare the retry; try again.';
  const audience = audienceFor(actor, { mri: actor.mri, name: job.initiator.name }, !actor.isGroup);
  const card = confirmCardFor(counted.value.job, rows, [`These are the ${rows.length} failed rows of job ${jobLabel(job)}.`], audience, heldRoleOf(job));
  const activityId = await sendCard(chat, card);
  if (activityId) await rememberCardActivity(runtime.deps.store, retry.value.job.id, activityId);
  return `I posted a confirmation to retry ${rows.length} failed ${rows.length === 1 ? 'row' : 'rows'} of job ${jobLabel(job)}.`;
}

export async function retryFailedAction(runtime: BotRuntime, chat: Chat, actor: TurnActor, data: CardActionData): Promise<AdaptiveCardJson | string> {
  const checked = await checkJobAction(runtime, actor, data, 'retry this job');
  if (!checked.ok) return checked.card;
  return proposeRetry(runtime, chat, actor, checked.job);
}
