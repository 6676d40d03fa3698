import { z } from 'zod';
import { BatchExecutor } from '../../src/graph/batch-executor';
import type { GraphClient } from '../../src/graph/graph-client';
import { listItems } from '../../src/graph/pager';
import { csvLine } from '../../src/csv/write-csv';
import { renderTemplate } from '../../src/csv/csv-template';
import { planValidatedRows } from '../../src/operations/catalogue';
import { parseKindCsv } from '../../src/operations/csv-kinds';
import { updateUsersTemplate } from '../../src/operations/update-users/update-users-row';
import { updateUsersOperation } from '../../src/operations/update-users/update-users-operation';
import type { BenchArgs } from '../lib/bench-args';
import { managerRefUserId, patchedUserId, readAudit } from '../lib/audit';
import { CONTOSO_IDS, elapsedSeconds, graphFor, planContextFor } from '../lib/connect';
import { countBy, MB, ratio, round } from '../lib/figures';
import type { ScenarioReport } from '../lib/report';
import { tallyRun, writeRunFigures } from '../lib/tally-run';
import { maxRssBytes, RssSampler } from '../lib/rss-sampler';
import { startSandboxProcess } from '../lib/sandbox-process';
import type { SandboxProcess } from '../lib/sandbox-process';

const WRITE_BUDGET_PER_SECOND = 20;
const WRITE_WINDOW_SECONDS = 150;
const DRY_RUN_TARGET_SECONDS = 60;
/** Every tenth user gets a new manager as their second change; the others a new office. */
const MANAGER_EVERY = 10;
const MANAGER_POOL = 50;
const SEED = 1;

/** A re-organisation's new departments and offices: none is a department or office the sandbox seeds. */
const NEW_DEPARTMENTS = ['Customer Success', 'Platform Engineering', 'Field Sales', 'Partner Marketing', 'Supply Chain', 'Data & AI', 'Corporate Affairs', 'Talent'];
const NEW_OFFICES = ['40/2201', '41/1104', '22/3301', '33/1010', '16/0802'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const listedUserSchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  department: z.string().nullable().optional(),
  officeLocation: z.string().nullable().optional(),
  manager: z.object({ id: z.string() }).nullable().optional(),
});
type ListedUser = z.infer<typeof listedUserSchema>;

async function listUsers(graph: GraphClient): Promise<ListedUser[]> {
  const users: ListedUser[] = [];
  const url = `/users?$select=id,userPrincipalName,department,officeLocation&$expand=${encodeURIComponent('manager($select=id)')}&$top=999`;
  for await (const raw of listItems<unknown>(graph, url, { operation: 'read' })) users.push(listedUserSchema.parse(raw));
  return users;
}

interface WantedChange {
  department: string;
  officeLocation?: string;
  managerId?: string;
}

/** The update CSV an admin would send: the template's columns, each row a department and an office or a manager. */
function updateCsv(targets: readonly ListedUser[], managers: readonly ListedUser[]): { csv: string; wanted: Map<string, WantedChange> } {
  const tokens = updateUsersTemplate.columns.map((c) => c.token);
  const wanted = new Map<string, WantedChange>();
  const lines = targets.map((user, i) => {
    const change: WantedChange = { department: NEW_DEPARTMENTS[i % NEW_DEPARTMENTS.length] as string };
    const cells: Record<string, string> = { userPrincipalName: user.userPrincipalName, department: change.department };
    if (i % MANAGER_EVERY === 0) {
      const manager = managers[i % managers.length] as ListedUser;
      cells.manager = manager.userPrincipalName;
      change.managerId = manager.id.toLowerCase();
    } else {
      change.officeLocation = NEW_OFFICES[i % NEW_OFFICES.length] as string;
      cells.physicalDeliveryOfficeName = change.officeLocation;
    }
    wanted.set(user.id.toLowerCase(), change);
    return csvLine(tokens.map((token) => cells[token] ?? ''));
  });
  return { csv: renderTemplate(updateUsersTemplate, { includeExampleRow: false }) + lines.join(''), wanted };
}

export async function runUpdate(args: BenchArgs): Promise<ScenarioReport> {
  const startedAt = new Date().toISOString();
  const k = args.timeScale;
  const rows = args.quick ? 3_000 : 30_000;
  const baselineRows = args.quick ? 100 : 200;
  const users = rows + baselineRows + MANAGER_POOL + 50;
  // The write phase runs time-scaled; the dry run gets a twin sandbox (same seed, same users and ids) at real-time
  // latency, so its wall time is a real-time figure and not a scaled one with the client's own CPU time multiplied.
  const sandbox = await startSandboxProcess({ users, latency: 'realistic', timeScale: k, seed: SEED });
  let twin: SandboxProcess | undefined;
  try {
    const graph = graphFor(sandbox);
    const listed = (await listUsers(graph)).filter((u) => !CONTOSO_IDS.has(u.id.toLowerCase()));
    if (listed.length < rows + baselineRows + MANAGER_POOL) throw new Error(`The sandbox lists ${listed.length} generated users; ${rows + baselineRows + MANAGER_POOL} are needed.`);
    const targetUsers = listed.slice(0, rows);
    const managers = listed.slice(rows, rows + MANAGER_POOL);
    const baselineUsers = listed.slice(rows + MANAGER_POOL, rows + MANAGER_POOL + baselineRows);
    const { csv, wanted } = updateCsv(targetUsers, managers);

    // Dry run: parse the file, read every user's current values and diff (real-time latency, on the twin).
    twin = await startSandboxProcess({ users, latency: 'realistic', timeScale: 1, seed: SEED });
    const twinGraph = graphFor(twin);
    const twinCtx = await planContextFor(twinGraph);
    const sampler = new RssSampler().start();
    const rssBefore = sampler.sample();
    const dryRunStart = performance.now();
    const parsed = parseKindCsv(Buffer.from(csv, 'utf8'), { expected: 'update-users', limits: { maxRows: 200_000, maxBytes: 64 * MB } });
    if (!parsed.ok) throw new Error(`The update CSV did not parse: ${parsed.problem.message}`);
    if (parsed.kind !== 'update-users') throw new Error(`The update CSV was read as ${parsed.kind}.`);
    if (parsed.validation.valid.length !== rows) throw new Error(`${rows - parsed.validation.valid.length} rows of the update CSV are invalid: ${parsed.validation.errors[0]?.message ?? ''}`);
    const plan = await planValidatedRows('update-users', parsed.validation, twinCtx);
    const dryRunSeconds = elapsedSeconds(dryRunStart);
    const dryRunPeakRss = sampler.peak;
    await twin.stop();
    twin = undefined;

    const planned = plan.rows.filter((r) => r.work && (r.outcome === 'ready' || r.outcome === 'attention'));
    const plannedIds = new Set(planned.map((r) => r.work?.id?.toLowerCase()));
    const strangers = [...plannedIds].filter((id) => id === undefined || !wanted.has(id)).length;
    if (strangers > 0) throw new Error(`${strangers} planned users are not in the write sandbox's listing: the twin sandboxes differ.`);
    const plannedPatches = planned.filter((r) => r.work?.patch !== undefined).length;
    const plannedManagerRefs = planned.length - plannedPatches;

    // Baseline: the PowerShell-loop shape (Update-MgUser per user), one PATCH at a time, on a sample.
    const baselineStart = performance.now();
    let baselineOk = 0;
    for (const [i, user] of baselineUsers.entries()) {
      const response = await graph.request({ method: 'PATCH', url: `/users/${user.id}`, body: { department: NEW_DEPARTMENTS[i % NEW_DEPARTMENTS.length] } });
      if (response.ok) baselineOk++;
    }
    const baselineReal = baselineOk / elapsedSeconds(baselineStart) / k;
    // Let the baseline's writes leave the sliding write window before the measured run starts.
    await sleep((WRITE_WINDOW_SECONDS * 1000) / k + 250);

    sampler.reset();
    const auditStart = (await sandbox.state()).auditEntries;
    const executor = new BatchExecutor({ transport: graph, writesPerSecond: WRITE_BUDGET_PER_SECOND, invitationsPerSecond: 30, rateScale: k });
    const tally = await tallyRun(updateUsersOperation, plan.rows, executor);
    const runPeakRss = sampler.peak;
    sampler.stop();

    const audit = await readAudit(sandbox, auditStart);
    const patches = audit.filter((e) => e.method === 'PATCH' && patchedUserId(e.path) !== undefined);
    const managerPuts = audit.filter((e) => e.method === 'PUT' && managerRefUserId(e.path) !== undefined);
    const patched = countBy(patches.filter((e) => e.status === 204), (e) => patchedUserId(e.path));
    const managerSet = countBy(managerPuts.filter((e) => e.status === 204), (e) => managerRefUserId(e.path));
    // Every user's department (and office) goes in one PATCH; a new manager in one PUT of its reference.
    const wantManager = [...wanted].filter(([, w]) => w.managerId !== undefined).map(([id]) => id);
    const patchedOnce = [...wanted.keys()].filter((id) => patched.get(id) === 1).length;
    const managersOnce = wantManager.filter((id) => managerSet.get(id) === 1).length;
    const appliedTwice = [...patched.values(), ...managerSet.values()].filter((n) => n > 1).length;
    const throttledInAudit = [...patches, ...managerPuts].filter((e) => e.status === 429).length;

    // Every changed cell as the directory now holds it.
    const after = new Map((await listUsers(graph)).map((u) => [u.id.toLowerCase(), u]));
    let cellsWanted = 0;
    let cellsHeld = 0;
    for (const [id, change] of wanted) {
      const user = after.get(id);
      const checks = [
        user?.department === change.department,
        ...(change.officeLocation !== undefined ? [user?.officeLocation === change.officeLocation] : []),
        ...(change.managerId !== undefined ? [user?.manager?.id.toLowerCase() === change.managerId] : []),
      ];
      cellsWanted += checks.length;
      cellsHeld += checks.filter(Boolean).length;
    }

    const writesApplied = [...patched.values(), ...managerSet.values()].reduce((a, b) => a + b, 0);
    const dryRunPeakMb = dryRunPeakRss / MB;
    const runPeakMb = runPeakRss / MB;

    const run = writeRunFigures(tally, executor, k, writesApplied, throttledInAudit);
    const { realRate, steadyReal, throttledPct, rowsWithOneResult } = run;
    const { resultsPerRow, runSeconds, succeeded, failed, skipped } = tally;
    const figures = {
      rows,
      users,
      plannedRows: plan.rows.length,
      plannedPatches,
      plannedManagerRefs,
      dryRunSeconds: round(dryRunSeconds),
      dryRunRowsPerSecond: round(rows / dryRunSeconds),
      ...run.figures,
      usersPatchedExactlyOnce: patchedOnce,
      managersSetExactlyOnce: managersOnce,
      writesAppliedMoreThanOnce: appliedTwice,
      cellsWanted,
      cellsHeldAfterRun: cellsHeld,
      rssBeforeMB: round(rssBefore / MB),
      dryRunPeakRssMB: round(dryRunPeakMb),
      runPeakRssMB: round(runPeakMb),
      processMaxRssMB: round(maxRssBytes() / MB),
      baseline: {
        shape: 'one PATCH at a time, no $batch (GraphClient.request in a loop, like Update-MgUser per user)',
        sampleRows: baselineUsers.length,
        succeeded: baselineOk,
        writesPerSecondRealTime: round(baselineReal),
        extrapolatedHoursFor30000: round(30_000 / baselineReal / 3600),
      },
    };
    const ideal = { writesPerSecond: WRITE_BUDGET_PER_SECOND, dryRunSeconds: DRY_RUN_TARGET_SECONDS, secondsForPlannedWritesAtBudget: round(planned.length / WRITE_BUDGET_PER_SECOND) };
    const ratios = {
      vsBudget: ratio(realRate, WRITE_BUDGET_PER_SECOND),
      steadyVsBudget: steadyReal !== undefined ? ratio(steadyReal, WRITE_BUDGET_PER_SECOND) : null,
      dryRunVsTarget: ratio(dryRunSeconds * (30_000 / rows), DRY_RUN_TARGET_SECONDS),
      vsBaseline: ratio(realRate, baselineReal),
    };
    const targets = [
      { name: `dry run of ${rows.toLocaleString('en-US')} rows (real-time latency)`, target: `< ${DRY_RUN_TARGET_SECONDS} s for 30,000`, measured: `${round(dryRunSeconds)} s`, met: dryRunSeconds * (30_000 / rows) < DRY_RUN_TARGET_SECONDS },
      { name: 'sustained writes (real-time eq.)', target: `≥ ${0.9 * WRITE_BUDGET_PER_SECOND} /s (90 % of 20/s)`, measured: `${round(realRate)} /s`, met: realRate >= 0.9 * WRITE_BUDGET_PER_SECOND },
      { name: 'sub-requests throttled', target: '< 2 %', measured: `${round(throttledPct, 3)} %`, met: throttledPct < 2 },
      { name: 'one result per row', target: `${plan.rows.length} rows`, measured: `${rowsWithOneResult} rows`, met: rowsWithOneResult === plan.rows.length && resultsPerRow.size === plan.rows.length },
      {
        name: 'each write applied once (audit)',
        target: `${wanted.size} PATCH + ${wantManager.length} manager, 0 twice`,
        measured: `${patchedOnce} + ${managersOnce}, ${appliedTwice} twice`,
        met: patchedOnce === wanted.size && managersOnce === wantManager.length && appliedTwice === 0,
      },
      { name: 'changed cells held afterwards', target: `${cellsWanted} cells`, measured: `${cellsHeld} cells`, met: cellsHeld === cellsWanted },
    ];
    const table = [
      { metric: 'Rows (users; department + office or manager each)', value: String(rows), note: `${plannedPatches} PATCH + ${plannedManagerRefs} manager $ref planned` },
      { metric: 'Dry run (parse, read current values, diff)', value: `${round(dryRunSeconds)} s`, note: `real-time latency; ${round(rows / dryRunSeconds)} rows/s` },
      { metric: 'Run wall time', value: `${round(runSeconds)} s`, note: `≈ ${round((runSeconds * k) / 60, 1)} min real time` },
      { metric: 'Writes/s real-time equivalent', value: round(realRate).toString(), note: `${ratios.vsBudget ?? '-'}× budget (20/s); time scale ${k}` },
      { metric: 'Steady writes/s (p10–p90), real time', value: steadyReal !== undefined ? round(steadyReal).toString() : '-' },
      { metric: 'Sub-requests throttled', value: `${executor.stats.throttled} / ${executor.stats.subRequests}`, note: `${round(throttledPct, 3)} %` },
      { metric: 'Succeeded / failed / skipped', value: `${succeeded} / ${failed} / ${skipped}` },
      { metric: 'Writes applied once (audit)', value: `${patchedOnce} PATCH, ${managersOnce} manager`, note: `${appliedTwice} applied twice` },
      { metric: 'Changed cells held afterwards', value: `${cellsHeld} / ${cellsWanted}` },
      { metric: 'Peak RSS (this process)', value: `dry run ${round(dryRunPeakMb, 1)} MB, run ${round(runPeakMb, 1)} MB`, note: `before: ${round(rssBefore / MB, 1)} MB` },
      { metric: 'Baseline (1 PATCH at a time) writes/s real time', value: round(baselineReal).toString(), note: `sample of ${baselineUsers.length}; 30,000 in ${round(30_000 / baselineReal / 3600, 2)} h` },
      { metric: 'vs baseline', value: `${ratios.vsBaseline ?? '-'}×` },
    ];
    const notes = [
      `The dry run runs against a twin sandbox (seed ${SEED}, the same users and ids) at time scale 1, so its time is real-time; the writes run at time scale ${k}, and real-time equivalents divide measured rates by it.`,
      'RSS is the client process only: the sandboxes run in child processes.',
      'The baseline figure is measured on a sample and extrapolated.',
    ];
    return { scenario: 'update', title: 'Bulk update users (department + office or manager)', quick: args.quick, timeScale: k, startedAt, finishedAt: new Date().toISOString(), figures, ideal, ratios, targets, table, notes };
  } finally {
    await twin?.stop();
    await sandbox.stop();
  }
}
