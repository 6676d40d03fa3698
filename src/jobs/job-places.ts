import type { JobLimits, LimitCheck } from './job-limits';
import { checkJobLimits } from './job-limits';
import type { JobStore } from './job-store';

export interface JobPlaceHolder {
  tenantId: string;
  initiatorId: string;
}

/**
 * Where MAX_JOBS_PER_ADMIN / MAX_JOBS_PER_TENANT are counted when a job is approved or resumed. `hold` decides and
 * takes the place in one step where the implementation can make that atomic (Azure Storage: one conditional write
 * per tenant), so two approvals at the same instant, on two instances, cannot both take the last place.
 */
export interface JobPlaces {
  /** Takes a place for this job if the limits allow one more (the job itself is never counted against itself). */
  hold(who: JobPlaceHolder, jobId: string, limits: JobLimits): Promise<LimitCheck>;
  /** Gives back a place taken for a job whose approval or resume did not go through after all. */
  release(tenantId: string, jobId: string): Promise<void>;
}

/** One process (memory store, tests): the active jobs counted from the store, as before; racing approvals can both pass. */
export function countedJobPlaces(store: JobStore): JobPlaces {
  return {
    hold: (who, jobId, limits) => checkJobLimits(store, limits, who, jobId),
    release: () => Promise.resolve(),
  };
}
