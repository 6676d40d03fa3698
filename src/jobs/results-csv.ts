import type { Readable } from 'node:stream';
import type { CsvColumn } from '../csv/write-csv';
import { csvLines, csvReadable } from '../csv/write-csv';
import type { Job, JobRow } from './job-model';
import type { JobStore } from './job-store';
import { iterateRows } from './job-store';

export const RESULTS_FILE_NAME = 'results.csv';

/** The Status cell of a row whose goal was already reached: not a failure, and not something this job changed. */
export const ALREADY_DONE_STATUS = 'already done';

function statusOf(row: JobRow): string {
  if (row.result?.status === 'succeeded' && row.result.alreadyDone) return ALREADY_DONE_STATUS;
  return row.result?.status ?? row.state;
}

/** The job's input columns as uploaded, then what happened to each row, then its kind's own result columns. */
export function resultsColumns(job: Job): CsvColumn<JobRow>[] {
  return [
    ...job.inputColumns.map((name): CsvColumn<JobRow> => ({ header: name, value: (row) => row.input[name] })),
    { header: 'Object', value: (row) => row.plan.label },
    { header: 'Status', value: statusOf },
    { header: 'Reason', value: (row) => row.result?.reason },
    { header: 'Graph error code', value: (row) => row.result?.graphCode },
    { header: 'Request ID', value: (row) => row.result?.requestId },
    { header: 'New object ID', value: (row) => row.result?.objectId },
    ...(job.resultColumns ?? []).map(({ key, header }): CsvColumn<JobRow> => ({ header, value: (row) => row.result?.details?.[key] })),
    ...approvalColumns(job),
  ];
}

/** A job the approval policy held names both administrators on every row: who started it and who approved it. */
function approvalColumns(job: Job): CsvColumn<JobRow>[] {
  const second = job.secondApprover;
  if (!second) return [];
  return [
    { header: 'Started by', value: () => job.initiator.name },
    { header: 'Approved by', value: () => second.name },
  ];
}

export function resultsCsvLines(job: Job, rows: Iterable<JobRow> | AsyncIterable<JobRow>): AsyncGenerator<string> {
  return csvLines(resultsColumns(job), rows);
}

/** Streams every row of the job through the CSV writer into the job's results blob. */
export async function writeResultsCsv(store: JobStore, job: Job): Promise<void> {
  await store.putFile(job.id, RESULTS_FILE_NAME, csvReadable(resultsColumns(job), iterateRows(store, job.id)));
}

export function openResultsCsv(store: JobStore, jobId: string): Promise<Readable | undefined> {
  return store.getFile(jobId, RESULTS_FILE_NAME);
}
