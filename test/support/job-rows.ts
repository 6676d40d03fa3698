import type { NewJobRow, RowPlanRecord } from '../../src/jobs/job-model';

/** A job row as the engine would store it: the admin's columns and a ready plan named after the first of them. */
export function plannedRow(input: Record<string, string>, plan: Partial<RowPlanRecord> = {}): NewJobRow {
  return { input, plan: { label: Object.values(input)[0] ?? 'row', outcome: 'ready', note: '', ...plan } };
}
