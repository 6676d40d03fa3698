import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const JOB_STATES = [
  'draft',
  'awaiting-approval',
  // Confirmed by its initiator; the approval policy holds it for a second administrator (job-state-machine.ts).
  'awaiting-second-approval',
  'queued',
  'running',
  'paused',
  'completed',
  'completed-with-failures',
  'cancelled',
  'failed',
  'expired',
] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

export const ROW_STATES = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export const JobRowStateSchema = z.enum(ROW_STATES);
export type JobRowState = z.infer<typeof JobRowStateSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(JsonValueSchema)]),
);
export const JsonObjectSchema = z.record(JsonValueSchema);
export type JsonObject = z.infer<typeof JsonObjectSchema>;

const isoTimestamp = z.string().datetime({ offset: true });

export const PersonSchema = z.object({ objectId: z.string().min(1), name: z.string() });
export type Person = z.infer<typeof PersonSchema>;

export const JobSourceSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('file'),
    fileName: z.string().min(1),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.object({ type: z.literal('command'), text: z.string() }),
]);
export type JobSource = z.infer<typeof JobSourceSchema>;

const count = z.number().int().nonnegative();
export const JobCountersSchema = z.object({
  total: count,
  succeeded: count,
  failed: count,
  skipped: count,
  cancelled: count,
  remaining: count,
  /** Succeeded rows whose goal was already reached before they ran (also counted in `succeeded`); absent means 0. */
  alreadyDone: count.optional(),
});
export type JobCounters = z.infer<typeof JobCountersSchema>;

export const JobLeaseSchema = z.object({ owner: z.string().min(1), expiresAt: isoTimestamp });
export type JobLease = z.infer<typeof JobLeaseSchema>;

export const JobThroughputSchema = z.object({
  rowsPerMinute: z.number().nonnegative(),
  etaAt: isoTimestamp.nullable(),
});
export type JobThroughput = z.infer<typeof JobThroughputSchema>;

/** A column of the results file beyond the common ones, filled from the rows' result `details[key]`. */
export const ResultColumnSchema = z.object({
  key: z.string().min(1),
  header: z.string().min(1),
  /** Recorded for undo (ids, whether a guest existed before): in the results file, not among a result card's details. */
  forUndo: z.boolean().optional(),
});
export type ResultColumn = z.infer<typeof ResultColumnSchema>;

export const JobSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  kind: z.string().min(1),
  tenantId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  initiator: PersonSchema,
  approver: PersonSchema.nullable(),
  /** The second administrator who approved a job the approval policy covers (absent on jobs it didn't). */
  secondApprover: PersonSchema.nullable().optional(),
  /** The administrator who declined the second approval; the job was cancelled with nothing done. */
  declinedBy: PersonSchema.nullable().optional(),
  // Opaque to the core: the bot stores a Teams ConversationReference here and reads it back.
  conversationReference: JsonObjectSchema.nullable(),
  conversationId: z.string().nullable(),
  source: JobSourceSchema,
  inputColumns: z.array(z.string()),
  /** The kind's own result columns (e.g. an invitation's redeem URL); none when absent. */
  resultColumns: z.array(ResultColumnSchema).optional(),
  options: JsonObjectSchema,
  state: JobStateSchema,
  stateReason: z.string().nullable(),
  cancelRequested: z.boolean(),
  // A paused job whose resumeAt has passed is put back on the queue by the runner's sweep.
  resumeAt: isoTimestamp.nullable(),
  retryOf: z.string().nullable(),
  /** The job this one undoes (its inverse, over the rows that job changed); absent for other jobs. */
  undoOf: z.string().optional(),
  counters: JobCountersSchema,
  throughput: JobThroughputSchema.nullable(),
  lease: JobLeaseSchema.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  expiresAt: isoTimestamp.nullable(),
  approvedAt: isoTimestamp.nullable(),
  startedAt: isoTimestamp.nullable(),
  finishedAt: isoTimestamp.nullable(),
});
export type Job = z.infer<typeof JobSchema>;

/**
 * What happened to one row: what an operation makes of Graph's answer, carried unchanged through the executor and the
 * runner to the job store, the result card and the results file.
 */
export const RowResultSchema = z.object({
  status: z.enum(['succeeded', 'failed', 'skipped', 'cancelled']),
  /** With `succeeded`: the row's goal was already reached when it ran (e.g. the user was already active); nothing changed. */
  alreadyDone: z.boolean().optional(),
  reason: z.string().optional(),
  graphCode: z.string().optional(),
  requestId: z.string().optional(),
  objectId: z.string().optional(),
  /** Extra result columns of the operation's kind (e.g. an invitation's redeem URL), by the keys its `resultColumns` name. */
  details: z.record(z.string()).optional(),
});
export type RowResult = z.infer<typeof RowResultSchema>;

/** A row's result as stored, with when the row finished. */
export const RecordedRowResultSchema = RowResultSchema.extend({ finishedAt: isoTimestamp });
export type RecordedRowResult = z.infer<typeof RecordedRowResultSchema>;

/** The admin's own columns of a row, by the header names they used (or the template's, for a typed command). */
export const RowInputSchema = z.record(z.string());
export type RowInput = z.infer<typeof RowInputSchema>;

export const PLANNED_OUTCOMES = ['ready', 'attention', 'skip', 'fail'] as const;
export const ROW_NEEDS = ['newUserPrincipalName', 'proxyReconciliation'] as const;

/**
 * What the dry run decided for a row, stored with it so that a restarted runner executes exactly what was approved.
 * `work` holds everything execution needs; its secret fields (create-users' password) are stored sealed (row-secrets).
 */
export const RowPlanRecordSchema = z.object({
  label: z.string(),
  outcome: z.enum(PLANNED_OUTCOMES),
  note: z.string(),
  /** The row's line in the uploaded file. */
  line: z.number().int().nonnegative().optional(),
  /** The input the row works only with; the confirm card asks for it. */
  needs: z.enum(ROW_NEEDS).optional(),
  work: z.record(z.string()).optional(),
});
export type RowPlanRecord = z.infer<typeof RowPlanRecordSchema>;

/** A row as a job is created with it. */
export const NewJobRowSchema = z.object({ input: RowInputSchema, plan: RowPlanRecordSchema });
export type NewJobRow = z.infer<typeof NewJobRowSchema>;

export const JobRowSchema = z.object({
  jobId: z.string(),
  index: z.number().int().nonnegative(),
  input: RowInputSchema,
  plan: RowPlanRecordSchema,
  state: JobRowStateSchema,
  attempts: count,
  result: RecordedRowResultSchema.nullable(),
});
export type JobRow = z.infer<typeof JobRowSchema>;

/** What changes on a row when a batch is marked in flight or finished; the input and plan never change. */
export interface RowUpdate {
  index: number;
  state: JobRowState;
  attempts: number;
  result: RecordedRowResult | null;
}

/** Rows per state; `alreadyDone` (succeeded rows that were already done) is present only when there are some. */
export type RowStateCounts = Record<JobRowState, number> & { alreadyDone?: number };

export function emptyRowStateCounts(): RowStateCounts {
  return { pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
}

/** Adds one row to the counts by its state and result. */
export function countRow(counts: RowStateCounts, state: JobRowState, alreadyDone: boolean): void {
  counts[state] += 1;
  if (state === 'succeeded' && alreadyDone) counts.alreadyDone = (counts.alreadyDone ?? 0) + 1;
}

export function countersFromRowStates(counts: RowStateCounts): JobCounters {
  const total = ROW_STATES.reduce((sum, state) => sum + counts[state], 0);
  return {
    total,
    succeeded: counts.succeeded,
    failed: counts.failed,
    skipped: counts.skipped,
    cancelled: counts.cancelled,
    remaining: counts.pending + counts.running,
    ...(counts.alreadyDone ? { alreadyDone: counts.alreadyDone } : {}),
  };
}

export interface NewJobInput {
  kind: string;
  tenantId: string;
  initiator: Person;
  source: JobSource;
  inputColumns: string[];
  resultColumns?: ResultColumn[];
  options?: JsonObject;
  conversationReference?: JsonObject | null;
  conversationId?: string | null;
  state?: 'draft' | 'awaiting-approval';
  retryOf?: string | null;
  undoOf?: string;
  /** How long an unapproved draft lives before it expires. */
  draftTtlMs?: number;
  now: Date;
  id?: string;
}

export const DEFAULT_DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

export function newJob(input: NewJobInput): Job {
  const now = input.now.toISOString();
  return JobSchema.parse({
    id: input.id ?? randomUUID(),
    kind: input.kind,
    tenantId: input.tenantId,
    initiator: input.initiator,
    approver: null,
    conversationReference: input.conversationReference ?? null,
    conversationId: input.conversationId ?? null,
    source: input.source,
    inputColumns: input.inputColumns,
    ...(input.resultColumns?.length ? { resultColumns: input.resultColumns } : {}),
    options: input.options ?? {},
    state: input.state ?? 'draft',
    stateReason: null,
    cancelRequested: false,
    resumeAt: null,
    retryOf: input.retryOf ?? null,
    ...(input.undoOf ? { undoOf: input.undoOf } : {}),
    counters: { total: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, remaining: 0 },
    throughput: null,
    lease: null,
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(input.now.getTime() + (input.draftTtlMs ?? DEFAULT_DRAFT_TTL_MS)).toISOString(),
    approvedAt: null,
    startedAt: null,
    finishedAt: null,
  });
}
