import { isSealed, openSecret, sealSecret } from '../jobs/row-secrets';
import type { PlannedOutcome, RowNeed, RowPlan } from '../operations/bulk-operation';

const LABEL = '~label';
const OUTCOME = '~outcome';
const NOTE = '~note';
const LINE = '~line';
const WORK = '~work';
const NEEDS = '~needs';
const OUTCOMES: readonly PlannedOutcome[] = ['ready', 'attention', 'skip', 'fail'];
const ROW_NEEDS: readonly RowNeed[] = ['newUserPrincipalName', 'proxyReconciliation'];
/** Planned-work fields that are secrets (create-users' initial password): sealed with the job data key at rest. */
const SECRET_WORK_FIELDS: ReadonlySet<string> = new Set(['password']);

function sealWork(work: Record<string, string>): Record<string, string> {
  const sealed: Record<string, string> = {};
  for (const [field, value] of Object.entries(work)) sealed[field] = SECRET_WORK_FIELDS.has(field) ? sealSecret(value) : value;
  return sealed;
}

type OpenedWork = { ok: true; work: Record<string, string> } | { ok: false; reason: string };

function openWork(work: Record<string, string>): OpenedWork {
  const opened: Record<string, string> = {};
  for (const [field, value] of Object.entries(work)) {
    if (!SECRET_WORK_FIELDS.has(field)) {
      opened[field] = value;
      continue;
    }
    if (!isSealed(value)) return { ok: false, reason: 'its secret was not stored encrypted' };
    const secret = openSecret(value);
    if (!secret.ok) return secret;
    opened[field] = secret.value;
  }
  return { ok: true, work: opened };
}

/**
 * A job row keeps the admin's own columns (for the results file) and, under `~` keys no CSV header can produce, what
 * the dry run decided, so a restarted runner executes exactly what was approved. Secret work fields are stored sealed
 * (AES-256-GCM) and opened only when the row is read back to run.
 */
export function rowInputFromPlan(row: RowPlan): Record<string, string> {
  return {
    ...row.input,
    [LABEL]: row.label,
    [OUTCOME]: row.outcome,
    [NOTE]: row.note,
    ...(row.line !== undefined ? { [LINE]: String(row.line) } : {}),
    ...(row.needs ? { [NEEDS]: row.needs } : {}),
    ...(row.work ? { [WORK]: JSON.stringify(sealWork(row.work)) } : {}),
  };
}

export function planRowFromInput(index: number, input: Record<string, string>): RowPlan {
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) if (!key.startsWith('~')) own[key] = value;
  const outcome = OUTCOMES.find((o) => o === input[OUTCOME]) ?? 'fail';
  let work: Record<string, string> | undefined;
  if (input[WORK]) {
    try {
      const parsed: unknown = JSON.parse(input[WORK]);
      if (parsed && typeof parsed === 'object') work = parsed as Record<string, string>;
    } catch {
      work = undefined;
    }
  }
  const line = input[LINE] ? Number(input[LINE]) : undefined;
  const opened = work ? openWork(work) : undefined;
  if (opened && !opened.ok) {
    return {
      rowIndex: index,
      ...(line !== undefined && Number.isFinite(line) ? { line } : {}),
      input: own,
      label: input[LABEL] ?? `row ${index + 1}`,
      outcome: 'fail',
      note: `cannot run: ${opened.reason}, so its initial password was not sent. Run this row again from your CSV file.`,
    };
  }
  if (opened) work = opened.work;
  const needs = ROW_NEEDS.find((n) => n === input[NEEDS]);
  return {
    rowIndex: index,
    ...(line !== undefined && Number.isFinite(line) ? { line } : {}),
    input: own,
    label: input[LABEL] ?? `row ${index + 1}`,
    outcome: work || outcome === 'skip' || outcome === 'fail' ? outcome : 'fail',
    note: input[NOTE] ?? (work ? '' : 'has no planned work (the job record is damaged)'),
    ...(needs ? { needs } : {}),
    ...(work ? { work } : {}),
  };
}

/** The admin's columns, in first-seen order, for the job's results file. */
export function inputColumnsOf(rows: readonly RowPlan[]): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row.input)) if (!columns.includes(key)) columns.push(key);
  return columns;
}
