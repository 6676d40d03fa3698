import type { Job, JobSource, JsonObject, Person } from '../jobs/job-model';
import { newJob } from '../jobs/job-model';
import type { JobStore } from '../jobs/job-store';
import type { OperationOptions, OperationPlan } from '../operations/bulk-operation';
import { isBulkKind, operationFor } from '../operations/catalogue';
import { inputColumnsOf, newJobRowOf } from './job-rows';
import { ROLE_REQUIREMENTS_OPTION, storedRequirementsValue } from './stored-role-requirements';

export interface CreateJobFromPlanInput {
  plan: OperationPlan;
  tenantId: string;
  initiator: Person;
  source: JobSource;
  options?: OperationOptions & JsonObject;
  conversationReference?: JsonObject | null;
  conversationId?: string;
  state?: 'draft' | 'awaiting-approval';
  /** The job this one undoes. */
  undoOf?: string;
  now?: number;
}

export class JobCreationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobCreationError';
  }
}

/** Stores a dry run as a job: one row per planned row, exactly what the admin will approve. */
export async function createJobFromPlan(store: JobStore, input: CreateJobFromPlanInput): Promise<Job> {
  const job = newJob({
    kind: input.plan.kind,
    tenantId: input.tenantId,
    initiator: input.initiator,
    source: input.source,
    inputColumns: inputColumnsOf(input.plan.rows),
    resultColumns: isBulkKind(input.plan.kind) ? [...(operationFor(input.plan.kind).resultColumns ?? [])] : [],
    // What the dry run checked goes with the job: a second approver must hold a role for each of these.
    options: { ...(input.options as JsonObject | undefined), [ROLE_REQUIREMENTS_OPTION]: storedRequirementsValue(input.plan.requirements) },
    ...(input.conversationReference !== undefined ? { conversationReference: input.conversationReference } : {}),
    ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
    state: input.state ?? 'awaiting-approval',
    ...(input.undoOf ? { undoOf: input.undoOf } : {}),
    now: new Date(input.now ?? Date.now()),
  });
  const rows = input.plan.rows.map(newJobRowOf);
  const created = await store.createJob(job, rows);
  if (!created.ok) throw new JobCreationError(created.error.message);
  return created.value.job;
}
