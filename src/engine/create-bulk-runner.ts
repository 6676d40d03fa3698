import type { BatchExecutorOptions } from '../graph/batch-executor';
import type { TokenProvider } from '../graph/token-provider';
import type { Job } from '../jobs/job-model';
import { JobRunner, newRunnerOwner } from '../jobs/job-runner';
import type { JobRunnerOptions } from '../jobs/job-runner';
import type { JobStore } from '../jobs/job-store';
import { jobTokenSource } from '../jobs/token-source';
import type { JobExecutor } from '../jobs/job-executor';
import type { TenantWriteBudget } from '../jobs/tenant-write-budget';
import { BULK_KINDS, isBulkKind } from '../operations/catalogue';
import type { BulkKind } from '../operations/catalogue';
import { createOperationExecutor } from './operation-job-executor';
import type { OperationExecutorOptions } from './operation-job-executor';

export interface BulkRunnerInput {
  store: JobStore;
  graphBaseUrl: string;
  /** The initiator's delegated token source; undefined pauses the job until they sign in again. */
  tokenProviderFor: (job: Job) => TokenProvider | undefined;
  owner?: string;
  batchSize?: number;
  batchExecutor?: Partial<Omit<BatchExecutorOptions, 'transport'>>;
  /** How rows still throttled or failing transiently after the executor's retries are handled (see OperationExecutorOptions). */
  transient?: Pick<OperationExecutorOptions, 'transientRounds' | 'transientPauseMs'>;
  runner?: Partial<Omit<JobRunnerOptions, 'store' | 'executorFor' | 'tokens' | 'owner'>>;
  /** The tenant's write budget shared with other instances (Azure Storage); without it each job paces alone. */
  writeBudget?: TenantWriteBudget;
}

/** The job runner wired to every bulk operation. */
export function createBulkRunner(input: BulkRunnerInput): JobRunner {
  const executors = new Map<BulkKind, JobExecutor>(
    BULK_KINDS.map((kind) => [
      kind,
      createOperationExecutor(kind, {
        graphBaseUrl: input.graphBaseUrl,
        ...(input.batchSize ? { batchSize: input.batchSize } : {}),
        ...(input.batchExecutor ? { batchExecutor: input.batchExecutor } : {}),
        ...input.transient,
        ...(input.writeBudget ? { writeBudget: input.writeBudget } : {}),
      }),
    ]),
  );
  return new JobRunner({
    ...input.runner,
    store: input.store,
    executorFor: (kind) => (isBulkKind(kind) ? executors.get(kind) : undefined),
    tokens: jobTokenSource(input.tokenProviderFor),
    owner: input.owner ?? newRunnerOwner(),
  });
}
