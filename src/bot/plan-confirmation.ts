import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import type { CardAudience } from '../cards/card-audience';
import { buildConfirmCard } from '../cards/build-confirm-card';
import type { CardTone, ConfirmView, PlannedOutcome as OutcomeLine, SampleRow } from '../cards/build-confirm-card';
import { buildErrorCard } from '../cards/build-error-card';
import { createJobFromPlan } from '../engine/create-job-from-plan';
import { plannedRowOf } from '../engine/job-rows';
import type { Job, JobSource, JsonObject } from '../jobs/job-model';
import type { JobStore } from '../jobs/job-store';
import { iterateRows, mutateJob } from '../jobs/job-store';
import type { OperationOptions, OperationPlan, PlannedOutcome, RowPlan } from '../operations/bulk-operation';
import type { CallerProfile } from '../operations/caller-profile';
import { isBulkKind, operationFor } from '../operations/catalogue';
import type { BotRuntime } from './bot-deps';
import type { Chat, TurnFacts } from './chat-turn';
import { cardReply } from './chat-turn';
import { retireSupersededCards } from './superseded-cards';
import { jobLabel, jobTitleFor, kindLabel, newCardToken, splitRowLabel } from './job-card-views';
import type { TurnActor } from './turn-actor';
import { audienceFor } from './turn-actor';

const TONES: Record<PlannedOutcome, CardTone> = { ready: 'good', attention: 'warning', skip: 'default', fail: 'attention' };
const ORDER: readonly PlannedOutcome[] = ['ready', 'attention', 'skip', 'fail'];

/** Distinct reasons shown per outcome; the rest of that outcome's rows are counted on one line (bulk updates differ per row). */
export const MAX_LINES_PER_OUTCOME = 4;

const OTHER_ROWS: Record<PlannedOutcome, string> = {
  ready: 'more rows will run, each with its own change',
  attention: 'more rows need attention, each for its own reason',
  skip: 'more rows are skipped, each for its own reason',
  fail: 'more rows will fail, each for its own reason',
};

/** "28 will be restored", "2 need a new UPN": the dry run grouped by what will happen, a few lines per outcome. */
export function outcomeLines(rows: readonly RowPlan[]): OutcomeLine[] {
  const groups = new Map<string, OutcomeLine & { outcome: PlannedOutcome }>();
  for (const row of rows) {
    const key = `${row.outcome}\u0000${row.note}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { count: 1, label: row.note || row.outcome, tone: TONES[row.outcome], outcome: row.outcome });
  }
  const lines: OutcomeLine[] = [];
  for (const outcome of ORDER) {
    const ofOutcome = [...groups.values()].filter((g) => g.outcome === outcome).sort((a, b) => b.count - a.count);
    const shown = ofOutcome.length > MAX_LINES_PER_OUTCOME ? ofOutcome.slice(0, MAX_LINES_PER_OUTCOME - 1) : ofOutcome;
    for (const { count, label, tone } of shown) lines.push({ count, label, tone });
    const rest = ofOutcome.slice(shown.length).reduce((sum, g) => sum + g.count, 0);
    if (rest > 0) lines.push({ count: rest, label: OTHER_ROWS[outcome], tone: TONES[outcome] });
  }
  return lines;
}

function sampleRows(rows: readonly RowPlan[]): SampleRow[] {
  return rows.slice(0, 5).map((row) => {
    const { name, identifier } = splitRowLabel(row.label);
    const detail = [identifier, row.line !== undefined ? `line ${row.line}` : undefined].filter((part) => part !== undefined).join(' · ');
    return { title: name, ...(detail ? { detail } : {}), outcome: row.note || row.outcome, tone: TONES[row.outcome] };
  });
}

export { splitRowLabel };

export function confirmTitle(kind: string, rows: readonly RowPlan[]): string {
  return jobTitleFor(kind, rows.length, rows[0]?.label);
}

/** Rows a Confirm would run: planned work, or a single restore whose missing input the card asks for. */
export function offeredRowCount(kind: string, rows: readonly RowPlan[]): number {
  const fixable = restoreOptionsOf(kind, rows).options !== undefined;
  // A row that needs an input it lacks would be refused by Graph: it runs only where this card can supply the input.
  return rows.filter((r) => (r.needs !== undefined ? fixable && r.outcome !== 'skip' : (r.outcome === 'ready' || r.outcome === 'attention') && r.work !== undefined)).length;
}

function failingNotice(offered: number, failing: number): string[] {
  if (offered === 0 && failing === 0) return ['Nothing here needs doing: every row is skipped for the reason shown, so there is nothing to confirm.'];
  if (offered === 0) {
    return ['Nothing here can run: Microsoft Graph would refuse every row for the reason shown, so there is nothing to confirm. Fix the cause and send the command again.'];
  }
  if (failing === 0) return [];
  const rows = `${failing} ${failing === 1 ? 'row' : 'rows'} that will fail ${failing === 1 ? 'is' : 'are'} not run`;
  return [`${rows}; Confirm runs the other ${offered === 1 ? 'row' : `${offered} rows`}.`];
}

export function confirmCardFor(job: Job, rows: readonly RowPlan[], notices: readonly string[], audience: CardAudience, held: string): AdaptiveCardJson {
  const destructive = isBulkKind(job.kind) && operationFor(job.kind).destructive;
  const offered = offeredRowCount(job.kind, rows);
  const failing = rows.length - offered - rows.filter((r) => r.outcome === 'skip').length;
  const token = job.options.cardToken;
  const changed = changedRowsOf(job);
  return buildConfirmCard({
    jobId: job.id,
    jobLabel: jobLabel(job),
    cardToken: typeof token === 'string' ? token : '',
    kindLabel: kindLabel(job.kind),
    title: confirmTitle(job.kind, rows),
    description: [
      offered > 0 ? 'This is a dry run: nothing has changed yet. Confirm to run it as you, with your own admin roles.' : 'This is a dry run: nothing has changed.',
      ...failingNotice(offered, Math.max(0, failing)),
      ...notices,
    ].join(' '),
    rowCount: rows.length,
    runRowCount: offered,
    outcomes: outcomeLines(rows),
    sampleRows: sampleRows(rows),
    roleCheck: typeof job.options.roleAdvisory === 'string' ? { status: 'advisory', text: job.options.roleAdvisory } : { status: 'ok', heldRole: held },
    ...cardOptionsOf(job, rows),
    destructive,
    ...(offered > 0 || changed > 0 ? { confirmLabel: offered > 0 ? `Run ${offered} ${offered === 1 ? 'row' : 'rows'}` : 'Run the changed rows' } : {}),
    ...(job.expiresAt ? { expiresAt: job.expiresAt } : {}),
    audience,
  });
}

/** Rows an undo skipped because they changed since the job it undoes; the card offers to include them. */
export function changedRowsOf(job: Job): number {
  const changed = job.options.undoChangedRows;
  return job.undoOf !== undefined && typeof changed === 'number' ? changed : 0;
}

function cardOptionsOf(job: Job, rows: readonly RowPlan[]): Pick<ConfirmView, 'options'> {
  const restore = restoreOptionsOf(job.kind, rows).options;
  const changed = changedRowsOf(job);
  if (changed === 0) return restore ? { options: restore } : {};
  return { options: { ...restore, includeChanged: { count: changed } } };
}

/** A single restore that needs a new user name or proxy reconciliation gets the inputs for them on its card. */
function restoreOptionsOf(kind: string, rows: readonly RowPlan[]): Pick<ConfirmView, 'options'> {
  const [row] = rows;
  if (kind !== 'restore' || rows.length !== 1 || !row?.needs) return {};
  const reconciled = row.work?.autoReconcileProxyConflict === 'true';
  if (row.needs === 'newUserPrincipalName') {
    // The old user name is usually also an email address of the new owner, so reconciliation is offered with it.
    return {
      options: {
        newUserPrincipalName: { required: true, hint: `It ${row.note}. Type the user name to restore it with.` },
        autoReconcileProxyConflict: { value: reconciled },
      },
    };
  }
  return { options: { autoReconcileProxyConflict: { value: reconciled } } };
}

export async function sendCard(chat: Chat, card: AdaptiveCardJson): Promise<string | undefined> {
  return (await chat.send(cardReply(card))).id;
}

/** `retryCommand`: the typed command, offered as Retry when activating an eligible role is all it takes. */
export function roleErrorCard(plan: OperationPlan, retryCommand?: string): AdaptiveCardJson | undefined {
  if (plan.roleCheck.ok) return undefined;
  const action = kindLabel(plan.kind);
  return buildErrorCard({
    eyebrow: 'Permission needed',
    tone: 'refusal',
    title: `You can't ${action.charAt(0).toLowerCase()}${action.slice(1)} with your current roles`,
    message: plan.roleCheck.message,
    suggestion:
      plan.roleCheck.reason === 'eligible-not-active'
        ? 'Nothing was changed. Role activation can take a few minutes to reach Microsoft Graph.'
        : `Missing role: ${plan.roleCheck.neededRoles.join(' or ')}. Nothing was changed.`,
    ...(plan.roleCheck.reason === 'eligible-not-active' && retryCommand ? { retryCommand } : {}),
  });
}

/** Role check, then the job (awaiting approval) and its confirm card, whose message id the progress updates reuse. */
export async function proposeJob(
  runtime: BotRuntime,
  chat: Chat,
  input: {
    actor: TurnActor;
    caller: CallerProfile;
    plan: OperationPlan;
    source: JobSource;
    options?: OperationOptions;
    retryOf?: string;
    /** An undo: the job it undoes, and how many rows it skips because they changed since (the card offers them). */
    undo?: { of: string; changedRows: number };
  },
): Promise<Job | undefined> {
  const { actor, caller, plan } = input;
  const refused = roleErrorCard(plan, typedCommandOf(chat.facts));
  if (refused || !plan.roleCheck.ok) {
    if (refused) await sendCard(chat, refused);
    return undefined;
  }
  const reference = chat.conversationReference();
  const job = await createJobFromPlan(runtime.deps.store, {
    plan,
    tenantId: actor.tenantId,
    initiator: { objectId: actor.aadObjectId, name: caller.displayName },
    source: input.source,
    options: {
      ...(input.options as JsonObject | undefined),
      cardToken: newCardToken(),
      heldRole: plan.roleCheck.heldRole,
      offeredRows: offeredRowCount(plan.kind, plan.rows),
      ...(plan.roleCheck.reason === 'held' ? {} : { roleAdvisory: plan.roleCheck.message }),
      ...(input.undo ? { undoChangedRows: input.undo.changedRows } : {}),
    },
    ...(input.undo ? { undoOf: input.undo.of } : {}),
    conversationReference: reference,
    conversationId: actor.conversationId,
    state: 'awaiting-approval',
    now: runtime.now(),
  });
  // In a group chat everyone gets the read-only view; the card's refresh gives the initiator the buttons.
  const audience = audienceFor(actor, { mri: actor.mri, name: job.initiator.name }, !actor.isGroup);
  const card = confirmCardFor(job, plan.rows, plan.notices, audience, plan.roleCheck.heldRole);
  const activityId = await sendCard(chat, card);
  if (activityId) await rememberCardActivity(runtime.deps.store, job.id, activityId);
  await retireSupersededCards(runtime, chat, job, plan.rows);
  return job;
}

export async function rememberCardActivity(store: JobStore, jobId: string, activityId: string): Promise<void> {
  await mutateJob(store, jobId, (job) => ({ ...job, options: { ...job.options, cardActivityId: activityId } }));
}

/** The planned rows of a stored job, e.g. a retry job built from another job's failed rows. */
export async function plannedRowsOf(store: JobStore, jobId: string): Promise<RowPlan[]> {
  const rows: RowPlan[] = [];
  for await (const row of iterateRows(store, jobId)) rows.push(plannedRowOf(row));
  return rows;
}

/** What the person typed, without @mentions, when the message carried no file (a file can't be re-sent by a button). */
export function typedCommandOf(facts: TurnFacts): string | undefined {
  if (facts.type !== 'message' || facts.attachments.some((a) => a.contentType !== 'text/html')) return undefined;
  const text = facts.text.replace(/<at>[^<]*<\/at>/gi, '').trim();
  return text === '' ? undefined : text;
}
