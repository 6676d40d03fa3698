import { BatchExecutor } from '../../src/graph/batch-executor';
import { DEFAULT_INVITATION_BATCH_SIZE } from '../../src/graph/batch-executor';
import { csvLine } from '../../src/csv/write-csv';
import { portalColumns, renderTemplate } from '../../src/csv/csv-template';
import { planValidatedRows } from '../../src/operations/catalogue';
import { executePlanRows } from '../../src/operations/execute-plan';
import type { RowExecution } from '../../src/operations/execute-plan';
import { inviteOperation } from '../../src/operations/invite/invite-operation';
import { parseKindCsv } from '../../src/operations/csv-kinds';
import { DEFAULT_INVITE_REDIRECT_URL, inviteTemplate } from '../../src/operations/invite/invite-row';
import type { PlanContext } from '../../src/operations/bulk-operation';
import type { BenchArgs } from '../lib/bench-args';
import { isInvitation, readAudit } from '../lib/audit';
import { elapsedSeconds, graphFor, planContextFor } from '../lib/connect';
import { MB, ratio, round, steadyRate } from '../lib/figures';
import type { ScenarioReport } from '../lib/report';
import { startSandboxProcess } from '../lib/sandbox-process';
import type { SandboxProcess } from '../lib/sandbox-process';

const INVITATION_BUDGET_PER_SECOND = 30;
const WRITE_BUDGET_PER_SECOND = 20;
const WRITE_WINDOW_SECONDS = 150;
/** "Wastes no more than one batch" is measured against BatchExecutor's default invitation batch size. */
const INVITATION_BATCH = DEFAULT_INVITATION_BATCH_SIZE;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function inviteCsv(emails: readonly string[]): string {
  const columns = portalColumns(inviteTemplate);
  const cells = (email: string): string[] =>
    columns.map((c) => (c.token === 'inviteeEmail' ? email : c.token === 'inviteRedirectURL' ? DEFAULT_INVITE_REDIRECT_URL : c.token === 'sendEmail' ? 'false' : ''));
  return renderTemplate(inviteTemplate, { includeExampleRow: false }) + emails.map((e) => csvLine(cells(e))).join('');
}

async function planInvites(ctx: PlanContext, emails: readonly string[]): Promise<Awaited<ReturnType<typeof planValidatedRows>>> {
  const parsed = parseKindCsv(Buffer.from(inviteCsv(emails), 'utf8'), { expected: 'invite', limits: { maxRows: 200_000, maxBytes: 64 * MB } });
  if (!parsed.ok) throw new Error(`The invite CSV did not parse: ${parsed.problem.message}`);
  if (parsed.kind !== 'invite') throw new Error(`The invite CSV was read as ${parsed.kind}.`);
  if (parsed.validation.errors.length > 0) throw new Error(`The invite CSV has ${parsed.validation.errors.length} invalid rows.`);
  return planValidatedRows('invite', parsed.validation, ctx);
}

interface InviteRun {
  results: RowExecution[];
  seconds: number;
  completions: number[];
  stats: BatchExecutor['stats'];
}

async function runInvites(ctx: PlanContext, emails: readonly string[], k: number): Promise<InviteRun> {
  const plan = await planInvites(ctx, emails);
  const executor = new BatchExecutor({ transport: ctx.graph, writesPerSecond: WRITE_BUDGET_PER_SECOND, invitationsPerSecond: INVITATION_BUDGET_PER_SECOND, rateScale: k });
  const results: RowExecution[] = [];
  const completions: number[] = [];
  const start = performance.now();
  for await (const row of executePlanRows(inviteOperation, plan.rows, executor)) {
    results.push(row);
    completions.push(performance.now() - start);
  }
  return { results, seconds: elapsedSeconds(start), completions, stats: executor.stats };
}

async function invitationPosts(sandbox: SandboxProcess, since: number): Promise<{ accepted: number; refused: number; throttled: number }> {
  const posts = (await readAudit(sandbox, since)).filter((e) => e.method === 'POST' && isInvitation(e.path));
  return {
    accepted: posts.filter((e) => e.status >= 200 && e.status < 300).length,
    refused: posts.filter((e) => e.status >= 400 && e.status !== 429).length,
    throttled: posts.filter((e) => e.status === 429).length,
  };
}

export async function runInvite(args: BenchArgs): Promise<ScenarioReport> {
  const startedAt = new Date().toISOString();
  const k = args.inviteTimeScale;
  const guests = args.quick ? 600 : 3_000;
  const blockAfter = args.quick ? 45 : 95;
  const blockRows = args.quick ? 300 : 600;
  const sandbox = await startSandboxProcess({ latency: 'realistic', timeScale: k });
  try {
    const ctx = await planContextFor(graphFor(sandbox));
    const emails = Array.from({ length: guests }, (_, i) => `bench.guest${i}@northwindtraders.com`);

    const auditStart = (await sandbox.state()).auditEntries;
    const run = await runInvites(ctx, emails, k);
    const posts = await invitationPosts(sandbox, auditStart);
    const succeeded = run.results.filter((r) => r.result.status === 'succeeded').length;
    const rowsSeen = new Set(run.results.map((r) => r.rowIndex)).size;
    const measuredRate = posts.accepted / run.seconds;
    const realRate = measuredRate / k;
    const steady = steadyRate(run.completions);
    const steadyReal = steady !== undefined ? steady / k : undefined;
    const throttledPct = run.stats.subRequests > 0 ? (100 * run.stats.throttled) / run.stats.subRequests : 0;

    // The invitation block: after `blockAfter` more invitations the tenant refuses every invitation.
    // Invitations are writes too: let the first run's writes leave the 150-s window if the block run could overrun it.
    if (guests + blockAfter + INVITATION_BATCH > WRITE_BUDGET_PER_SECOND * WRITE_WINDOW_SECONDS * 0.95) await sleep((WRITE_WINDOW_SECONDS * 1000) / k + 250);
    const before = await sandbox.state();
    await sandbox.control('POST', '/_sandbox/faults', { invitationBlockAfter: before.invitationsSent + blockAfter });
    const blockEmails = Array.from({ length: blockRows }, (_, i) => `bench.blocked${i}@northwindtraders.com`);
    const blocked = await runInvites(ctx, blockEmails, k);
    await sandbox.control('DELETE', '/_sandbox/faults');
    const blockPosts = await invitationPosts(sandbox, before.auditEntries);
    const blockedSucceeded = blocked.results.filter((r) => r.result.status === 'succeeded').length;
    const blockedFailed = blocked.results.filter((r) => r.result.status === 'failed').length;
    const notAttempted = blocked.results.filter((r) => r.notAttempted).length;
    const stopMessage = blocked.results.find((r) => r.notAttempted)?.notAttempted?.message ?? '';
    const blockRowsSeen = new Set(blocked.results.map((r) => r.rowIndex)).size;
    const wasted = blockPosts.refused;

    const figures = {
      guests,
      runSeconds: round(run.seconds),
      realTimeEquivalentRunSeconds: round(run.seconds * k),
      succeeded,
      rowResults: run.results.length,
      distinctRowsWithResult: rowsSeen,
      invitationsAcceptedInAudit: posts.accepted,
      invitationsPerSecondMeasured: round(measuredRate),
      invitationsPerSecondRealTime: round(realRate),
      steadyInvitationsPerSecondRealTime: steadyReal !== undefined ? round(steadyReal) : null,
      subRequests: run.stats.subRequests,
      throttledSubRequests: run.stats.throttled,
      throttledPercent: round(throttledPct, 3),
      block: {
        blockAfter,
        rows: blockRows,
        succeeded: blockedSucceeded,
        failed: blockedFailed,
        notAttempted,
        rowResults: blocked.results.length,
        distinctRowsWithResult: blockRowsSeen,
        invitationsRefusedByBlock: wasted,
        throttled: blockPosts.throttled,
        stopMessage,
      },
    };
    const ideal = { invitationsPerSecond: INVITATION_BUDGET_PER_SECOND, secondsFor3000AtBudget: 3_000 / INVITATION_BUDGET_PER_SECOND, wastedAfterBlockAtMost: INVITATION_BATCH };
    const ratios = { vsBudget: ratio(realRate, INVITATION_BUDGET_PER_SECOND), steadyVsBudget: steadyReal !== undefined ? ratio(steadyReal, INVITATION_BUDGET_PER_SECOND) : null };
    const targets = [
      { name: 'invitations/s (real-time eq.)', target: `≥ ${0.9 * INVITATION_BUDGET_PER_SECOND} /s (90 % of 30/s)`, measured: `${round(realRate)} /s`, met: realRate >= 0.9 * INVITATION_BUDGET_PER_SECOND },
      { name: 'no row lost', target: `${guests} results, ${guests} invited`, measured: `${rowsSeen} results, ${posts.accepted} invited`, met: rowsSeen === guests && run.results.length === guests && succeeded === guests && posts.accepted === guests },
      { name: 'block: run stops', target: `rows after the block not sent`, measured: `${blockedSucceeded} ok, ${blockedFailed} failed, ${notAttempted} not sent`, met: notAttempted > 0 && blockRowsSeen === blockRows && blockedSucceeded <= blockAfter },
      { name: 'block: waste ≤ one batch', target: `≤ ${INVITATION_BATCH} refused`, measured: `${wasted} refused`, met: wasted <= INVITATION_BATCH },
    ];
    const table = [
      { metric: 'Guests invited (portal CSV)', value: String(guests) },
      { metric: 'Run wall time', value: `${round(run.seconds)} s`, note: `≈ ${round(run.seconds * k, 1)} s real time` },
      { metric: 'Invitations/s measured', value: round(measuredRate).toString(), note: `time scale ${k}` },
      { metric: 'Invitations/s real-time equivalent', value: round(realRate).toString(), note: `${ratios.vsBudget ?? '-'}× budget (30/s)` },
      { metric: 'Steady invitations/s (p10–p90), real time', value: steadyReal !== undefined ? round(steadyReal).toString() : '-' },
      { metric: 'Sub-requests throttled', value: `${run.stats.throttled} / ${run.stats.subRequests}`, note: `${round(throttledPct, 3)} %` },
      { metric: 'Rows with a result / invited (audit)', value: `${rowsSeen} / ${posts.accepted}` },
      { metric: `Block after ${blockAfter}: ok / failed / not sent`, value: `${blockedSucceeded} / ${blockedFailed} / ${notAttempted}`, note: stopMessage.slice(0, 80) },
      { metric: 'Block: invitations refused (wasted)', value: String(wasted), note: `one batch = ${INVITATION_BATCH}` },
    ];
    const notes = [
      `Real-time equivalents divide measured rates by the sandbox time scale (${k}, --invite-time-scale). Invitation batches go one at a time, so each round trip's fixed loopback overhead, which no time scale shrinks, would count k times over at k > 1.`,
      'Invitations also count against the 3,000-writes-per-150-s budget, so 3,000 invitations fill it: a second large invite within 150 s would be paced by writes.',
    ];
    if (wasted > INVITATION_BATCH) {
      notes.push(
        `The block wasted ${wasted} invitations, more than one batch: every invitation batch in flight when the block starts is refused. BatchExecutor sends invitation batches one at a time, so this should not happen; check that the executor's invitation path was not changed.`,
      );
    }
    return { scenario: 'invite', title: 'Invite guests from a portal CSV', quick: args.quick, timeScale: k, startedAt, finishedAt: new Date().toISOString(), figures, ideal, ratios, targets, table, notes };
  } finally {
    await sandbox.stop();
  }
}
