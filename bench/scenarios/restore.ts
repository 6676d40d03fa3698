import { BatchExecutor } from '../../src/graph/batch-executor';
import { csvLine } from '../../src/csv/write-csv';
import { renderTemplate } from '../../src/csv/csv-template';
import { planValidatedRows } from '../../src/operations/catalogue';
import { listDeletedObjects } from '../../src/operations/deleted-objects';
import { parseKindCsv } from '../../src/operations/csv-kinds';
import { restoreTemplate } from '../../src/operations/restore/restore-row';
import { restoreOperation } from '../../src/operations/restore/restore-operation';
import type { BenchArgs } from '../lib/bench-args';
import { readAudit, restoredId } from '../lib/audit';
import { CONTOSO_IDS, elapsedSeconds, graphFor, planContextFor } from '../lib/connect';
import { countBy, MB, ratio, round } from '../lib/figures';
import type { ScenarioReport } from '../lib/report';
import { tallyRun, writeRunFigures } from '../lib/tally-run';
import { startSandboxProcess } from '../lib/sandbox-process';

const WRITE_BUDGET_PER_SECOND = 20;
const PORTAL_RESTORES_PER_SECOND = 30_000 / 3600;
const WRITE_WINDOW_SECONDS = 150;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRestore(args: BenchArgs): Promise<ScenarioReport> {
  const startedAt = new Date().toISOString();
  const k = args.timeScale;
  const rows = args.quick ? 3_000 : 30_000;
  const baselineRows = args.quick ? 150 : 400;
  const sandbox = await startSandboxProcess({ deleted: rows + baselineRows + 10, latency: 'realistic', timeScale: k });
  try {
    const graph = graphFor(sandbox);
    const ctx = await planContextFor(graph);

    const ids: string[] = [];
    for await (const item of listDeletedObjects(graph, 'user', { now: Date.now() })) {
      if (CONTOSO_IDS.has(item.id.toLowerCase())) continue;
      ids.push(item.id);
    }
    if (ids.length < rows + baselineRows) throw new Error(`The sandbox lists ${ids.length} generated deleted users; ${rows + baselineRows} were seeded.`);
    const baselineIds = ids.slice(rows, rows + baselineRows);
    const runIds = ids.slice(0, rows);

    // Baseline first: the PowerShell-loop shape, one POST at a time, no $batch, on a sample.
    const baselineStart = performance.now();
    let baselineOk = 0;
    for (const id of baselineIds) {
      const response = await graph.request({ method: 'POST', url: `/directory/deletedItems/${id}/restore`, operation: 'restore' });
      if (response.ok) baselineOk++;
    }
    const baselineSeconds = elapsedSeconds(baselineStart);
    const baselineRate = baselineOk / baselineSeconds;
    // Let the baseline's writes leave the sliding write window before the measured run starts.
    await sleep((WRITE_WINDOW_SECONDS * 1000) / k + 250);

    const csv = renderTemplate(restoreTemplate, { includeExampleRow: false }) + runIds.map((id) => csvLine([id])).join('');
    const parseStart = performance.now();
    const parsed = parseKindCsv(Buffer.from(csv, 'utf8'), { expected: 'restore', limits: { maxRows: 200_000, maxBytes: 64 * MB } });
    if (!parsed.ok) throw new Error(`The portal restore CSV did not parse: ${parsed.problem.message}`);
    if (parsed.kind !== 'restore') throw new Error(`The restore CSV was read as ${parsed.kind}.`);
    const plan = await planValidatedRows('restore', parsed.validation, ctx);
    const planSeconds = elapsedSeconds(parseStart);
    const planned = plan.rows.filter((r) => r.work && (r.outcome === 'ready' || r.outcome === 'attention')).length;

    const auditStart = (await sandbox.state()).auditEntries;
    const executor = new BatchExecutor({ transport: graph, writesPerSecond: WRITE_BUDGET_PER_SECOND, invitationsPerSecond: 30, rateScale: k });
    const tally = await tallyRun(restoreOperation, plan.rows, executor);

    const audit = await readAudit(sandbox, auditStart);
    const restorePosts = audit.filter((e) => e.method === 'POST' && restoredId(e.path) !== undefined);
    const applied = countBy(
      restorePosts.filter((e) => e.status === 200),
      (e) => restoredId(e.path),
    );
    const runIdSet = new Set(runIds.map((id) => id.toLowerCase()));
    const appliedTwice = [...applied.values()].filter((n) => n > 1).length;
    const appliedOnce = [...runIdSet].filter((id) => applied.get(id) === 1).length;
    const throttledInAudit = restorePosts.filter((e) => e.status === 429).length;

    const run = writeRunFigures(tally, executor, k, applied.size > 0 ? [...applied.values()].reduce((a, b) => a + b, 0) : 0, throttledInAudit);
    const { measuredRate, realRate, steadyReal, throttledPct, rowsWithOneResult } = run;
    const { resultsPerRow, runSeconds, succeeded, failed, skipped } = tally;
    const baselineReal = baselineRate / k;
    const extrapolatedBaselineHours = rows / baselineReal / 3600;

    const figures = {
      rows,
      plannedToSend: planned,
      parseAndPlanSeconds: round(planSeconds),
      ...run.figures,
      idsAppliedExactlyOnce: appliedOnce,
      idsAppliedMoreThanOnce: appliedTwice,
      baseline: {
        shape: 'one POST at a time, no $batch (GraphClient.request in a loop)',
        sampleRows: baselineIds.length,
        succeeded: baselineOk,
        seconds: round(baselineSeconds),
        writesPerSecondMeasured: round(baselineRate),
        writesPerSecondRealTime: round(baselineReal),
        extrapolatedHoursFor30000: round(30_000 / baselineReal / 3600),
        extrapolatedHoursForRows: round(extrapolatedBaselineHours),
      },
    };
    const ideal = { writesPerSecond: WRITE_BUDGET_PER_SECOND, portalRestoresPerSecond: round(PORTAL_RESTORES_PER_SECOND), secondsFor30000AtBudget: 30_000 / WRITE_BUDGET_PER_SECOND };
    const ratios = {
      vsBudget: ratio(realRate, WRITE_BUDGET_PER_SECOND),
      steadyVsBudget: steadyReal !== undefined ? ratio(steadyReal, WRITE_BUDGET_PER_SECOND) : null,
      vsBaseline: ratio(realRate, baselineReal),
      vsPortal: ratio(realRate, PORTAL_RESTORES_PER_SECOND),
    };
    const targets = [
      { name: 'sustained writes (real-time eq.)', target: `≥ ${0.9 * WRITE_BUDGET_PER_SECOND} /s (90 % of 20/s)`, measured: `${round(realRate)} /s`, met: realRate >= 0.9 * WRITE_BUDGET_PER_SECOND },
      { name: 'sub-requests throttled', target: '< 2 %', measured: `${round(throttledPct, 3)} %`, met: throttledPct < 2 },
      { name: 'one result per row', target: `${plan.rows.length} rows`, measured: `${rowsWithOneResult} rows`, met: rowsWithOneResult === plan.rows.length && resultsPerRow.size === plan.rows.length },
      { name: 'each restore applied once (audit)', target: `${runIdSet.size} ids, 0 twice`, measured: `${appliedOnce} once, ${appliedTwice} twice`, met: appliedOnce === runIdSet.size && appliedTwice === 0 },
    ];
    const table = [
      { metric: 'Rows (portal CSV of deleted user ids)', value: String(rows) },
      { metric: 'Parse + plan', value: `${round(planSeconds)} s` },
      { metric: 'Run wall time', value: `${round(runSeconds)} s`, note: `≈ ${round((runSeconds * k) / 60, 1)} min real time` },
      { metric: 'Writes/s measured', value: round(measuredRate).toString(), note: `time scale ${k}` },
      { metric: 'Writes/s real-time equivalent', value: round(realRate).toString(), note: `${ratios.vsBudget ?? '-'}× budget (20/s)` },
      { metric: 'Steady writes/s (p10–p90), real time', value: steadyReal !== undefined ? round(steadyReal).toString() : '-' },
      { metric: 'Sub-requests throttled', value: `${executor.stats.throttled} / ${executor.stats.subRequests}`, note: `${round(throttledPct, 3)} %` },
      { metric: 'Succeeded / failed / skipped', value: `${succeeded} / ${failed} / ${skipped}` },
      { metric: 'Restores applied once (audit)', value: `${appliedOnce} / ${runIdSet.size}`, note: `${appliedTwice} applied twice` },
      { metric: 'Baseline (1 at a time) writes/s real time', value: round(baselineReal).toString(), note: `sample of ${baselineIds.length}, extrapolated: 30,000 in ${round(30_000 / baselineReal / 3600, 2)} h` },
      { metric: 'vs baseline', value: `${ratios.vsBaseline ?? '-'}×` },
      { metric: 'vs portal (≈ 8.3/s)', value: `${ratios.vsPortal ?? '-'}×`, note: `30,000 in ${round(30_000 / realRate / 60, 1)} min vs 60 min` },
    ];
    const notes = [
      `Real-time equivalents divide measured rates by the sandbox time scale (${k}); the sandbox shortens every latency and throttle window by the same factor.`,
      'The baseline figure is measured on a sample and extrapolated.',
      'The CSV includes the generated deleted guests (every 25th user, UPNs with #EXT#).',
    ];
    return { scenario: 'restore', title: 'Restore deleted users from a portal CSV', quick: args.quick, timeScale: k, startedAt, finishedAt: new Date().toISOString(), figures, ideal, ratios, targets, table, notes };
  } finally {
    await sandbox.stop();
  }
}
