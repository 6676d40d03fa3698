// Three real bot processes (src/index.ts) on one Azurite and one time-scaled sandbox: three concurrent restore jobs of
// one tenant, measured as they share its write budget; then again with one instance killed mid-run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { newCardToken } from '../../src/bot/job-card-views';
import { offeredRowCount } from '../../src/bot/plan-confirmation';
import { createJobFromPlan } from '../../src/engine/create-job-from-plan';
import { AzureJobStore } from '../../src/jobs/azure-job-store';
import type { Job } from '../../src/jobs/job-model';
import { isTerminal } from '../../src/jobs/job-state-machine';
import { iterateRows } from '../../src/jobs/job-store';
import { listDeletedObjects } from '../../src/operations/deleted-objects';
import type { OperationPlan } from '../../src/operations/bulk-operation';
import { planRestore } from '../../src/operations/restore/restore-operation';
import { CONTOSO_PEOPLE } from '../../src/sandbox/contoso';
import { startAzurite } from '../../tools/local-stack/azurite';
import { readAudit, restoredId } from '../lib/audit';
import type { BenchArgs } from '../lib/bench-args';
import type { Admin, BotInstance, ConfirmCard, Connector } from '../lib/bot-cluster';
import { confirm, startBotInstance, startConnector, TENANT } from '../lib/bot-cluster';
import { CONTOSO_IDS, graphFor, planContextFor } from '../lib/connect';
import { countBy, ratio, round } from '../lib/figures';
import type { ScenarioReport } from '../lib/report';
import { RESULTS_DIR } from '../lib/report';
import { startSandboxProcess } from '../lib/sandbox-process';

const WRITE_BUDGET_PER_SECOND = 20;
const INSTANCES = 3;
/** The runner's default lease: how long a killed instance's job waits before another instance takes it over. */
const LEASE_TTL_SECONDS = 30;

interface ClusterRun {
  rows: number;
  seconds: number;
  writesApplied: number;
  subRequests: number;
  throttled: number;
  rowsWithOneResult: number;
  idsAppliedOnce: number;
  idsAppliedTwice: number;
  /** With a kill: from the kill to the first progress the new owner wrote. */
  takeoverSeconds: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `ready` (polled), failing after an hour rather than hanging the benchmark. */
async function until(ready: () => Promise<boolean>, what: string): Promise<void> {
  for (const started = Date.now(); !(await ready()); await sleep(150)) {
    if (Date.now() - started > 3_600_000) throw new Error(`Gave up waiting for ${what}.`);
  }
}

async function runCluster(rowsPerJob: number, k: number, kill: boolean): Promise<ClusterRun> {
  const total = rowsPerJob * INSTANCES;
  const [azurite, sandbox, connector] = await Promise.all([
    startAzurite(),
    startSandboxProcess({ deleted: total + 20, latency: 'realistic', timeScale: k }),
    startConnector(),
  ]);
  const bots: BotInstance[] = [];
  try {
    const env = {
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      GRAPH_BASE_URL: sandbox.graphBaseUrl,
      SANDBOX_TIME_SCALE: String(k),
      MAX_JOBS_PER_TENANT: String(INSTANCES),
      MAX_JOBS_PER_ADMIN: String(INSTANCES),
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < INSTANCES; i++) bots.push(await startBotInstance(String.fromCharCode(65 + i), env));
    const ids: string[] = [];
    for await (const item of listDeletedObjects(graphFor(sandbox), 'user', { now: Date.now() })) {
      if (!CONTOSO_IDS.has(item.id.toLowerCase())) ids.push(item.id);
    }
    if (ids.length < total) throw new Error(`The sandbox lists ${ids.length} generated deleted users; ${total} are needed.`);
    const people = [CONTOSO_PEOPLE.modAdministrator, CONTOSO_PEOPLE.alexWilber];
    const admins: Admin[] = bots.map((_, i) => {
      const person = people[i % people.length] ?? CONTOSO_PEOPLE.modAdministrator;
      return { id: person.id, name: person.displayName, conversationId: `a:scale-${i}` };
    });
    // The jobs are planned here and stored as the chat's dry run stores them (a confirm card each); what is measured
    // starts at the admins' Confirms, which reach the three instances at the same moment.
    const store = await AzureJobStore.create({ storage: { connectionString: azurite.connectionString } });
    const ctx = await planContextFor(graphFor(sandbox));
    const cards: ConfirmCard[] = [];
    for (const [i, admin] of admins.entries()) {
      const slice = ids.slice(i * rowsPerJob, (i + 1) * rowsPerJob);
      const plan = await planRestore(
        slice.map((id, rowIndex) => ({ rowIndex, input: { objectId: id }, row: { target: { by: 'id' as const, id }, objectId: id } })),
        ctx,
      );
      cards.push(await stageConfirmCard(store, connector, admin, plan));
    }
    const auditStart = (await sandbox.state()).auditEntries;
    const started = performance.now();
    const answers = await Promise.all(admins.map((admin, i) => confirm(bots[i] as BotInstance, connector, admin, cards[i] as ConfirmCard)));
    const jobIds = cards.map((card) => String(card.data['jobId']));
    const jobs = async (): Promise<Job[]> => (await Promise.all(jobIds.map((id) => store.getJob(id)))).map((s) => s?.job).filter((j): j is Job => j !== undefined);

    const unapproved = (await jobs()).filter((job) => job.approvedAt === null);
    if (unapproved.length > 0) throw new Error(`Confirm did not start every job: ${JSON.stringify(answers).slice(0, 1500)}`);
    let takeoverSeconds: number | null = null;
    if (kill) {
      // The instance running the biggest share is killed when its job is a third done.
      let victimJob: Job | undefined;
      await until(async () => {
        victimJob = (await jobs()).find((job) => job.state === 'running' && job.lease && job.counters.total - job.counters.remaining >= job.counters.total / 3);
        return victimJob !== undefined;
      }, 'a job a third done');
      if (!victimJob) throw new Error('No job to kill.');
      const victim = bots.find((bot) => victimJob?.lease?.owner.split(':')[1] === String(bot.pid));
      const doneAtKill = victimJob.counters.total - victimJob.counters.remaining;
      const killedAt = performance.now();
      victim?.child.kill('SIGKILL');
      await victim?.exited;
      const taken = victimJob;
      await until(async () => {
        const job = (await store.getJob(taken.id))?.job;
        const owner = job?.lease?.owner.split(':')[1];
        return job !== undefined && (isTerminal(job.state) || (owner !== String(victim?.pid) && job.counters.total - job.counters.remaining > doneAtKill));
      }, 'another instance to take the job over');
      takeoverSeconds = (performance.now() - killedAt) / 1000;
    }
    await until(async () => (await jobs()).every((job) => isTerminal(job.state)), 'every job to finish');
    const seconds = (performance.now() - started) / 1000;

    const audit = await readAudit(sandbox, auditStart);
    const restores = audit.filter((e) => e.method === 'POST' && restoredId(e.path) !== undefined);
    const applied = countBy(
      restores.filter((e) => e.status === 200),
      (e) => restoredId(e.path),
    );
    let rowsWithOneResult = 0;
    for (const job of await jobs()) {
      for await (const row of iterateRows(store, job.id)) if (row.result !== null) rowsWithOneResult++;
    }
    const wanted = new Set(ids.slice(0, total).map((id) => id.toLowerCase()));
    return {
      rows: total,
      seconds,
      writesApplied: [...applied.values()].reduce((a, b) => a + b, 0),
      subRequests: restores.length,
      throttled: restores.filter((e) => e.status === 429).length,
      rowsWithOneResult,
      idsAppliedOnce: [...wanted].filter((id) => applied.get(id) === 1).length,
      idsAppliedTwice: [...applied.values()].filter((n) => n > 1).length,
      takeoverSeconds,
    };
  } finally {
    await Promise.all(bots.map((bot) => bot.stop()));
    await connector.close();
    await sandbox.stop();
    await azurite.stop();
  }
}

/** A restore job awaiting approval in the admin's conversation, with the confirm card the bot would have posted. */
async function stageConfirmCard(store: AzureJobStore, connector: Connector, admin: Admin, plan: OperationPlan): Promise<ConfirmCard> {
  const cardToken = newCardToken();
  const activityId = `card-${admin.conversationId}`;
  const conversation = { id: admin.conversationId, conversationType: 'personal', tenantId: TENANT };
  const job = await createJobFromPlan(store, {
    plan,
    tenantId: TENANT,
    initiator: { objectId: admin.id, name: admin.name },
    source: { type: 'command', text: 'restore (scale-out benchmark)' },
    options: { cardToken, cardActivityId: activityId, offeredRows: offeredRowCount(plan.kind, plan.rows) },
    conversationReference: {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation,
      user: { id: `29:${admin.id}`, aadObjectId: admin.id, name: admin.name },
      bot: { id: '28:bot', name: 'Entra Bulk Admin' },
    },
    conversationId: admin.conversationId,
    state: 'awaiting-approval',
  });
  return { activityId, data: { jobId: job.id, cardToken } };
}

/** The single-instance restore figure from the last `restore` run, if there is one. */
async function singleInstanceRate(): Promise<number | undefined> {
  try {
    const report = JSON.parse(await readFile(path.join(RESULTS_DIR, 'restore.json'), 'utf8')) as { figures?: { writesPerSecondRealTime?: unknown } };
    const rate = report.figures?.writesPerSecondRealTime;
    return typeof rate === 'number' ? rate : undefined;
  } catch {
    return undefined;
  }
}

export async function runScaleOut(args: BenchArgs): Promise<ScenarioReport> {
  const startedAt = new Date().toISOString();
  const k = args.scaleOutTimeScale;
  const rowsPerJob = (args.quick ? 3_000 : 30_000) / INSTANCES;
  const steady = await runCluster(rowsPerJob, k, false);
  const failover = await runCluster(rowsPerJob, k, true);
  const single = await singleInstanceRate();

  const rate = (run: ClusterRun): number => run.writesApplied / run.seconds / k;
  const throttledPct = (run: ClusterRun): number => (run.subRequests > 0 ? (100 * run.throttled) / run.subRequests : 0);
  const lostSeconds = (failover.seconds - steady.seconds) * k;
  const figures = {
    instances: INSTANCES,
    jobs: INSTANCES,
    rowsPerJob,
    steady: { ...steady, writesPerSecondRealTime: round(rate(steady)), throttledPercent: round(throttledPct(steady), 3) },
    withKill: { ...failover, writesPerSecondRealTime: round(rate(failover)), throttledPercent: round(throttledPct(failover), 3) },
    failoverSecondsLostWallClock: round(failover.seconds - steady.seconds),
    failoverSecondsLostRealTimeEquivalent: round(lostSeconds),
    takeoverSecondsWallClock: failover.takeoverSeconds === null ? null : round(failover.takeoverSeconds),
    singleInstanceRestoreWritesPerSecondRealTime: single ?? null,
  };
  const ideal = { writesPerSecond: WRITE_BUDGET_PER_SECOND, leaseTtlSeconds: LEASE_TTL_SECONDS };
  const ratios = {
    steadyVsBudget: ratio(rate(steady), WRITE_BUDGET_PER_SECOND),
    withKillVsBudget: ratio(rate(failover), WRITE_BUDGET_PER_SECOND),
    steadyVsSingleInstance: single !== undefined ? ratio(rate(steady), single) : null,
  };
  const onceTarget = (run: ClusterRun, label: string) => ({
    name: `every row once (${label})`,
    target: `${run.rows} rows, each id applied once`,
    measured: `${run.rowsWithOneResult} rows with a result, ${run.idsAppliedOnce} once, ${run.idsAppliedTwice} twice`,
    met: run.rowsWithOneResult === run.rows && run.idsAppliedOnce === run.rows && run.idsAppliedTwice === 0,
  });
  const targets = [
    { name: 'aggregate writes, 3 instances (real-time eq.)', target: `≥ ${0.9 * WRITE_BUDGET_PER_SECOND} /s (90 % of 20/s)`, measured: `${round(rate(steady))} /s`, met: rate(steady) >= 0.9 * WRITE_BUDGET_PER_SECOND },
    { name: 'sub-requests throttled, 3 instances', target: '< 2 %', measured: `${round(throttledPct(steady), 3)} %`, met: throttledPct(steady) < 2 },
    onceTarget(steady, '3 instances'),
    { name: 'sub-requests throttled, one killed', target: '< 2 %', measured: `${round(throttledPct(failover), 3)} %`, met: throttledPct(failover) < 2 },
    onceTarget(failover, 'one killed'),
  ];
  const table = [
    { metric: 'Instances / jobs of one tenant', value: `${INSTANCES} / ${INSTANCES}`, note: `${rowsPerJob} rows each` },
    { metric: 'Aggregate writes/s, real time', value: round(rate(steady)).toString(), note: `${ratios.steadyVsBudget ?? '-'}× budget (20/s), ${round(steady.seconds)} s wall at time scale ${k}` },
    { metric: 'Single-instance restore writes/s', value: single !== undefined ? String(single) : '-', note: 'from bench/results/restore.json (one job, one process)' },
    { metric: 'Sub-requests throttled', value: `${steady.throttled} / ${steady.subRequests}`, note: `${round(throttledPct(steady), 3)} %` },
    { metric: 'With one instance killed: writes/s', value: round(rate(failover)).toString(), note: `${ratios.withKillVsBudget ?? '-'}× budget, ${round(failover.seconds)} s wall` },
    { metric: 'Time lost to failover', value: `${round(failover.seconds - steady.seconds)} s wall`, note: `${round(lostSeconds)} s real-time eq.; kill → new owner's first progress ${failover.takeoverSeconds === null ? '-' : round(failover.takeoverSeconds)} s wall (lease ${LEASE_TTL_SECONDS} s)` },
    { metric: 'Throttled with one killed', value: `${failover.throttled} / ${failover.subRequests}` },
  ];
  const notes = [
    `Three real bot processes (src/index.ts) on one Azurite, the sandbox in its own process at time scale ${k}; real-time equivalents divide measured rates by it.`,
    "The takeover waits for the killed instance's job lease to expire (30 s of wall clock: leases are not time-scaled), so in real-time equivalents it weighs k times more than it would in production.",
    'The other jobs take the whole budget while the killed one waits, so the wall-clock time lost is less than the lease; it is larger when they finish before the takeover.',
  ];
  return { scenario: 'scale-out', title: 'Scale-out: three instances, three jobs of one tenant', quick: args.quick, timeScale: k, startedAt, finishedAt: new Date().toISOString(), figures, ideal, ratios, targets, table, notes };
}
