import type { JobRow, NewJobRow, RowPlanRecord } from '../jobs/job-model';
import { isSealed, openSecret, sealSecret } from '../jobs/row-secrets';
import type { RowPlan } from '../operations/bulk-operation';
import { ALL_SECRET_FIELDS } from '../operations/catalogue';

/** Planned-work fields that are secrets (create-users' initial password), as the kinds declare them: sealed at rest. */
const SECRET_WORK_FIELDS = ALL_SECRET_FIELDS;

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
 * What the dry run decided for a row, as the job stores it: secret work fields sealed (AES-256-GCM), to be opened only
 * when the row is read back to run.
 */
export function planRecordOf(row: RowPlan): RowPlanRecord {
  return {
    label: row.label,
    outcome: row.outcome,
    note: row.note,
    ...(row.line !== undefined ? { line: row.line } : {}),
    ...(row.needs ? { needs: row.needs } : {}),
    ...(row.work ? { work: sealWork(row.work) } : {}),
  };
}

/** A planned row as a job is created with it: the admin's own columns, and the plan. */
export function newJobRowOf(row: RowPlan): NewJobRow {
  return { input: row.input, plan: planRecordOf(row) };
}

/** A stored row's plan, its secrets opened; a row whose secret can't be opened fails with the reason and sends nothing. */
export function rowPlanOf(rowIndex: number, input: Record<string, string>, record: RowPlanRecord): RowPlan {
  const { work, ...rest } = record;
  const plan: RowPlan = { rowIndex, input, ...rest };
  if (!work) return plan;
  const opened = openWork(work);
  if (!opened.ok) {
    const { needs: _needs, ...failed } = plan;
    return {
      ...failed,
      outcome: 'fail',
      note: `cannot run: ${opened.reason}, so its initial password was not sent. Run this row again from your CSV file.`,
    };
  }
  return { ...plan, work: opened.work };
}

/** A stored job row's plan, its secrets opened (see rowPlanOf). */
export function plannedRowOf(row: Pick<JobRow, 'index' | 'input' | 'plan'>): RowPlan {
  return rowPlanOf(row.index, row.input, row.plan);
}

/** The admin's columns, in first-seen order, for the job's results file. */
export function inputColumnsOf(rows: readonly RowPlan[]): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row.input)) if (!columns.includes(key)) columns.push(key);
  return columns;
}
