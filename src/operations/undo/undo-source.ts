import { decodeCsvBytes } from '../../csv/decode-csv-bytes';
import { readCsv } from '../../csv/read-csv';
import type { Job, JobRow } from '../../jobs/job-model';
import type { BulkKind } from '../catalogue';
import { BULK_KINDS, operationFor } from '../catalogue';

/**
 * The kinds a finished job can be undone from, each with the result detail that names what it changed: the key whose
 * column (in the kind's `resultColumns`) also tells a results file's kind apart. Purge has none: it can't be undone.
 */
export const UNDO_KEYS = {
  restore: 'restoredObjectId',
  'delete-objects': 'deletedObjectId',
  'delete-users': 'deletedUserId',
  'create-users': 'createdUserId',
  invite: 'invitedUserId',
  'add-group-members': 'memberId',
  'remove-group-members': 'memberId',
  'update-users': 'oldValues',
} as const satisfies Partial<Record<BulkKind, string>>;

export type UndoableKind = keyof typeof UNDO_KEYS;

export function isUndoable(kind: string): kind is UndoableKind {
  return Object.prototype.hasOwnProperty.call(UNDO_KEYS, kind);
}

/** A row the job changed: what undo turns into a row of the inverse job. */
export interface UndoneRow {
  /** The admin's own columns of the original row, echoed in the undo's results. */
  input: Record<string, string>;
  label: string;
  objectId?: string;
  /** The kind's result details (see each operation's `resultColumns`). */
  details: Record<string, string>;
}

export interface UndoSource {
  kind: UndoableKind;
  /** The job undone; absent when only its results file is at hand. */
  jobId?: string;
  /** Only rows that changed something: succeeded, and not already done before the job. */
  rows: UndoneRow[];
}

export type UndoSourceOutcome = { ok: true; source: UndoSource } | { ok: false; message: string };

function notUndoable(kind: string): UndoSourceOutcome {
  if (kind === 'purge') return { ok: false, message: "A purge can't be undone: purged objects are gone for good." };
  return { ok: false, message: `A ${kind} job can't be undone.` };
}

/** The changed rows of a stored job. */
export function undoSourceFromJob(job: Job, rows: Iterable<JobRow>): UndoSourceOutcome {
  if (!isUndoable(job.kind)) return notUndoable(job.kind);
  const changed: UndoneRow[] = [];
  for (const row of rows) {
    const result = row.result;
    if (result?.status !== 'succeeded' || result.alreadyDone) continue;
    changed.push({ input: row.input, label: row.plan.label, ...(result.objectId ? { objectId: result.objectId } : {}), details: result.details ?? {} });
  }
  return { ok: true, source: { kind: job.kind, jobId: job.id, rows: changed } };
}

/** The header of a kind's result column, as its results file writes it. */
function headerOf(kind: BulkKind, key: string): string | undefined {
  return operationFor(kind).resultColumns?.find((column) => column.key === key)?.header;
}

/** The column names the results file writes after the admin's own (see jobs/results-csv.ts). */
const OBJECT = 'Object';
const STATUS = 'Status';
const NEW_OBJECT_ID = 'New object ID';
const SUCCEEDED = 'succeeded';

/**
 * The changed rows of a job read back from its results file, which carries everything undo needs: the kind is the
 * one whose undo column the file has, and each row's details are its kind's result columns.
 */
export function undoSourceFromResultsCsv(bytes: Uint8Array): UndoSourceOutcome {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return { ok: false, message: decoded.problem.message };
  const read = readCsv(decoded.text);
  if (!read.ok) return { ok: false, message: read.problem.message };
  const { headers, rows } = read.value;
  const column = new Map(headers.map((h) => [h.text, h.index]));
  const objectColumn = column.get(OBJECT);
  const statusColumn = column.get(STATUS);
  if (objectColumn === undefined || statusColumn === undefined) {
    return { ok: false, message: `This is not a results file of entra-bulk: it has no "${OBJECT}" and "${STATUS}" columns.` };
  }
  const kind = BULK_KINDS.filter(isUndoable).find((k) => {
    const header = headerOf(k, UNDO_KEYS[k]);
    return header !== undefined && column.has(header);
  });
  if (!kind) {
    return {
      ok: false,
      message: "This results file has no column naming what its job changed, so it can't be undone: it is a purge's (which can't be undone) or was written before undo existed.",
    };
  }
  const inputHeaders = headers.filter((h) => h.index < objectColumn);
  const detailColumns = (operationFor(kind).resultColumns ?? []).flatMap(({ key, header }) => {
    const index = column.get(header);
    return index === undefined ? [] : [{ key, index }];
  });
  const newIdColumn = column.get(NEW_OBJECT_ID);
  const changed: UndoneRow[] = [];
  for (const row of rows) {
    if (row.raw[statusColumn] !== SUCCEEDED) continue;
    const details: Record<string, string> = {};
    for (const { key, index } of detailColumns) {
      const value = row.raw[index] ?? '';
      if (value !== '') details[key] = value;
    }
    const objectId = newIdColumn === undefined ? undefined : row.raw[newIdColumn];
    changed.push({
      input: Object.fromEntries(inputHeaders.map((h) => [h.text, row.raw[h.index] ?? ''])),
      label: row.raw[objectColumn] ?? '',
      ...(objectId ? { objectId } : {}),
      details,
    });
  }
  return { ok: true, source: { kind, rows: changed } };
}
