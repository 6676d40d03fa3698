import type { Job, JobState } from './job-model';
import type { JobStore } from './job-store';

export interface JobLimits {
  /** Running plus queued jobs one admin may have at once. */
  perAdmin: number;
  /** Running plus queued jobs one tenant may have at once. */
  perTenant: number;
}

export const DEFAULT_JOB_LIMITS: JobLimits = { perAdmin: 3, perTenant: 10 };

/** Jobs that hold a place: approved and not yet finished. A paused job gives its place back until it is resumed. */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'running'];

export type LimitRefusal = { ok: false; scope: 'admin' | 'tenant'; limit: number; active: Job[] };

export type LimitCheck = { ok: true } | LimitRefusal;

/**
 * Whether one more job may start for this admin in this tenant, counted in this process's view of the store: two
 * approvals racing can both pass, so a limit can be exceeded by the number of simultaneous clicks, never more.
 * Across instances `AzureJobPlaces` decides instead (see job-places.ts).
 */
export async function checkJobLimits(store: JobStore, limits: JobLimits, who: { initiatorId: string; tenantId: string }, exceptJobId?: string): Promise<LimitCheck> {
  const others = (jobs: Job[]) => jobs.filter((job) => job.id !== exceptJobId);
  const mine = others(await store.listJobs({ initiatorId: who.initiatorId, tenantId: who.tenantId, states: ACTIVE_JOB_STATES, limit: limits.perAdmin + 1 }));
  if (mine.length >= limits.perAdmin) return { ok: false, scope: 'admin', limit: limits.perAdmin, active: mine };
  const tenant = others(await store.listJobs({ tenantId: who.tenantId, states: ACTIVE_JOB_STATES, limit: limits.perTenant + 1 }));
  if (tenant.length >= limits.perTenant) return { ok: false, scope: 'tenant', limit: limits.perTenant, active: tenant };
  return { ok: true };
}
