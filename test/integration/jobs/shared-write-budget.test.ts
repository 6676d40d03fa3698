import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedWriteBudget } from '../../../src/jobs/tenant-write-budget';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';

let azurite: AzuriteHandle;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite.stop();
});

/** The most writes granted in any window of `windowMs`, grants given as [time, n]. */
function busiestWindow(grants: Array<[number, number]>, windowMs: number): number {
  const sorted = [...grants].sort((a, b) => a[0] - b[0]);
  let most = 0;
  let sum = 0;
  let start = 0;
  for (const [at, n] of sorted) {
    sum += n;
    while (sorted[start] && (sorted[start]?.[0] ?? 0) <= at - windowMs) sum -= sorted[start++]?.[1] ?? 0;
    most = Math.max(most, sum);
  }
  return most;
}

describe('SharedWriteBudget (one bucket per tenant in Azure Tables)', () => {
  it('keeps the writes granted to three instances together inside one window\'s budget', async () => {
    // A small budget so that each instance alone could fill it several times over: 200 writes per 2 s.
    const settings = { storage: { connectionString: azurite.connectionString }, namePrefix: 'budgeta', writesPerSecond: 100, windowSeconds: 2 };
    const instances = await Promise.all([0, 1, 2].map(() => SharedWriteBudget.create(settings)));
    const grants: Array<[number, number]> = [];
    const otherTenant: Array<[number, number]> = [];
    const until = Date.now() + 4_500;
    await Promise.all([
      ...instances.flatMap((budget) =>
        [0, 1].map(async () => {
          while (Date.now() < until) {
            await budget.acquire('tenant-1', 10);
            grants.push([Date.now(), 10]);
          }
        }),
      ),
      (async () => {
        const budget = instances[0];
        while (budget && Date.now() < until) {
          await budget.acquire('tenant-2', 10);
          otherTenant.push([Date.now(), 10]);
        }
      })(),
    ]);
    expect(busiestWindow(grants, 2_000)).toBeLessThanOrEqual(200);
    // Granted at all, by every instance's turn; and another tenant has a budget of its own.
    expect(grants.length).toBeGreaterThan(20);
    expect(otherTenant.length).toBeGreaterThan(10);
  }, 60_000);

  it('returns at once when the signal is aborted while waiting for its turn', async () => {
    const budget = await SharedWriteBudget.create({ storage: { connectionString: azurite.connectionString }, namePrefix: 'budgetb', writesPerSecond: 1, windowSeconds: 100 });
    await budget.acquire('tenant-1', 20);
    const abort = new AbortController();
    const waiting = budget.acquire('tenant-1', 50, abort.signal);
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    abort.abort();
    await waiting;
    expect(settled).toBe(true);
  }, 30_000);
});
