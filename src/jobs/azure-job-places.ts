import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { AzureStorageTarget } from './azure-job-store';
import { isWriteRace, openTable, raceBackoff, storageStatusOf } from './azure-tables';
import type { JobLimits, LimitCheck } from './job-limits';
import type { Job } from './job-model';
import type { JobPlaceHolder, JobPlaces } from './job-places';
import { isTerminal } from './job-state-machine';
import type { JobStore } from './job-store';

const HoldsSchema = z.array(z.object({ jobId: z.string(), initiatorId: z.string(), at: z.number() }));
type Hold = z.infer<typeof HoldsSchema>[number];

/** A place taken counts on its own this long, covering the moment between taking it and the job's state write. */
const HOLD_GRACE_MS = 2 * 60_000;
const MAX_RACES = 60;
const ROW_KEY = 'places';

export interface AzureJobPlacesOptions {
  storage: AzureStorageTarget;
  namePrefix?: string;
  clock?: () => number;
}

/**
 * A place taken moments ago still counts unless the job has since finished, or paused for its admin's sign-in after
 * the place was taken. (Read after the listing, a job may have moved to queued in between: it counts here.)
 */
function stillHolds(job: Job, hold: Hold): boolean {
  if (isTerminal(job.state)) return false;
  if (job.state === 'paused' && job.resumeAt === null) return Date.parse(job.updatedAt) <= hold.at;
  return true;
}

/**
 * Job limits across instances. Each tenant has one ledger entity; taking a place is a read, a count and a write of
 * that entity with If-Match, so approvals racing on any number of instances are serialised by its ETag (the loser
 * gets 412, reads again and counts the winner). The store's job states stay the truth: a job holds a place while it
 * is queued, running, or paused by itself until a set time (throttling); a job waiting for its admin's sign-in gives
 * its place back and takes one again when resumed. The ledger only carries places taken in the last two minutes,
 * so a crashed instance never leaves a place taken for good.
 */
export class AzureJobPlaces implements JobPlaces {
  private constructor(
    private readonly table: TableClient,
    private readonly store: JobStore,
    private readonly clock: () => number,
  ) {}

  static async create(options: AzureJobPlacesOptions, store: JobStore): Promise<AzureJobPlaces> {
    const table = await openTable(options.storage, `${options.namePrefix ?? ''}jobplaces`);
    return new AzureJobPlaces(table, store, options.clock ?? Date.now);
  }

  async hold(who: JobPlaceHolder, jobId: string, limits: JobLimits): Promise<LimitCheck> {
    for (let race = 0; race < MAX_RACES; race++) {
      const ledger = await this.read(who.tenantId);
      const now = this.clock();
      const recent = ledger.holds.filter((hold) => now - hold.at < HOLD_GRACE_MS && hold.jobId !== jobId);
      const holders = await this.holders(who.tenantId, recent, jobId);
      const mine = holders.filter((job) => job.initiator.objectId === who.initiatorId);
      if (mine.length >= limits.perAdmin) return { ok: false, scope: 'admin', limit: limits.perAdmin, active: mine };
      if (holders.length >= limits.perTenant) return { ok: false, scope: 'tenant', limit: limits.perTenant, active: holders };
      if (await this.write(who.tenantId, [...recent, { jobId, initiatorId: who.initiatorId, at: now }], ledger.etag)) return { ok: true };
      await raceBackoff(race);
    }
    throw new Error(`The job limits of tenant ${who.tenantId} kept changing while being checked; try again.`);
  }

  async release(tenantId: string, jobId: string): Promise<void> {
    for (let race = 0; race < MAX_RACES; race++) {
      const ledger = await this.read(tenantId);
      if (ledger.etag === undefined || !ledger.holds.some((hold) => hold.jobId === jobId)) return;
      if (await this.write(tenantId, ledger.holds.filter((hold) => hold.jobId !== jobId), ledger.etag)) return;
      await raceBackoff(race);
    }
  }

  /** The jobs holding a place now: active in the store, or given a place moments ago and not finished. */
  private async holders(tenantId: string, recent: Hold[], exceptJobId: string): Promise<Job[]> {
    const listed = await this.store.listJobs({ tenantId, states: ['queued', 'running', 'paused'] });
    const active = listed.filter((job) => job.id !== exceptJobId && (job.state !== 'paused' || job.resumeAt !== null));
    const seen = new Set(active.map((job) => job.id));
    for (const hold of recent) {
      if (seen.has(hold.jobId)) continue;
      const stored = await this.store.getJob(hold.jobId);
      if (!stored || !stillHolds(stored.job, hold)) continue;
      seen.add(hold.jobId);
      active.push(stored.job);
    }
    return active;
  }

  private async read(tenantId: string): Promise<{ holds: Hold[]; etag: string | undefined }> {
    try {
      const entity = await this.table.getEntity<{ holds?: string }>(tenantId, ROW_KEY);
      return { holds: HoldsSchema.parse(JSON.parse(entity.holds ?? '[]')), etag: entity.etag };
    } catch (error) {
      if (storageStatusOf(error) === 404) return { holds: [], etag: undefined };
      throw error;
    }
  }

  /** False when another instance wrote the ledger since our read. */
  private async write(tenantId: string, holds: Hold[], etag: string | undefined): Promise<boolean> {
    const entity = { partitionKey: tenantId, rowKey: ROW_KEY, holds: JSON.stringify(holds) };
    try {
      if (etag === undefined) await this.table.createEntity(entity);
      else await this.table.updateEntity(entity, 'Replace', { etag });
      return true;
    } catch (error) {
      if (isWriteRace(error)) return false;
      throw error;
    }
  }
}
