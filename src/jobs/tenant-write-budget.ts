import type { TableClient } from '@azure/data-tables';
import type { AzureStorageTarget } from './azure-job-store';
import { isWriteRace, openTable, raceBackoff, storageStatusOf } from './azure-tables';

/** A tenant's write budget shared by every instance that runs its jobs. */
export interface TenantWriteBudget {
  /** Waits until `n` writes of this tenant may be sent (returns early if the signal aborts). */
  acquire(tenantId: string, n: number, signal?: AbortSignal): Promise<void>;
}

export interface SharedWriteBudgetOptions {
  storage: AzureStorageTarget;
  namePrefix?: string;
  /** Graph's identity write budget: 3,000 per 150 s per app and tenant, 20 per second. */
  writesPerSecond?: number;
  windowSeconds?: number;
  /** Multiplies the rate (and shortens the window); tests and benchmarks set the sandbox's time scale. */
  rateScale?: number;
  /** Fraction of the budget to aim for, as the pacer does. */
  headroom?: number;
  clock?: () => number;
}

const ROW_KEY = 'write';
const MAX_RACES = 200;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * One token bucket per tenant in an Azure Table entity, shared by every instance: taking n writes is a read and a
 * write of that entity with If-Match (412: read again), which reserves the tokens even when the balance goes
 * negative and tells the taker how long to wait, so instances queue first come, first served without holding a lock.
 * The bucket refills at the paced rate and holds at most what the window leaves after it, so no 150 s window ever
 * holds more than the budget, whichever instances send. A crashed instance holds nothing: its reservations only
 * cost their tokens.
 */
export class SharedWriteBudget implements TenantWriteBudget {
  /** Writes per millisecond. */
  private readonly ratePerMs: number;
  private readonly capacity: number;

  private constructor(
    private readonly table: TableClient,
    options: SharedWriteBudgetOptions,
    private readonly clock: () => number,
  ) {
    const perSecond = options.writesPerSecond ?? 20;
    const scale = options.rateScale ?? 1;
    const headroom = options.headroom ?? 0.95;
    const limit = perSecond * (options.windowSeconds ?? 150);
    this.ratePerMs = (perSecond * scale * headroom) / 1000;
    // Half of what the window leaves above the paced rate: the other half absorbs clock skew between instances.
    this.capacity = Math.max(1, (limit * (1 - headroom)) / 2);
  }

  static async create(options: SharedWriteBudgetOptions): Promise<SharedWriteBudget> {
    const table = await openTable(options.storage, `${options.namePrefix ?? ''}writebudget`);
    return new SharedWriteBudget(table, options, options.clock ?? Date.now);
  }

  async acquire(tenantId: string, n: number, signal?: AbortSignal): Promise<void> {
    for (let race = 0; race < MAX_RACES && !signal?.aborted; race++) {
      const bucket = await this.read(tenantId);
      const now = this.clock();
      const refilledAt = bucket ? Math.max(bucket.refilledAt, now) : now;
      const earned = bucket ? Math.max(0, now - bucket.refilledAt) * this.ratePerMs : this.capacity;
      const tokens = Math.min(this.capacity, (bucket?.tokens ?? 0) + earned) - n;
      if (await this.write(tenantId, { tokens, refilledAt }, bucket?.etag)) {
        return sleep(tokens >= 0 ? 0 : Math.ceil(-tokens / this.ratePerMs), signal);
      }
      await raceBackoff(race);
    }
  }

  private async read(tenantId: string): Promise<{ tokens: number; refilledAt: number; etag: string } | undefined> {
    try {
      const entity = await this.table.getEntity<{ tokens: number; refilledAt: number }>(tenantId, ROW_KEY);
      return { tokens: Number(entity.tokens), refilledAt: Number(entity.refilledAt), etag: entity.etag };
    } catch (error) {
      if (storageStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async write(tenantId: string, state: { tokens: number; refilledAt: number }, etag: string | undefined): Promise<boolean> {
    const entity = { partitionKey: tenantId, rowKey: ROW_KEY, tokens: state.tokens, refilledAt: state.refilledAt };
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
