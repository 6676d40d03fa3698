import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import { newJob } from '../../../src/jobs/job-model';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';
import { plannedRow } from '../../support/job-rows';

const location = mkdtempSync(join(tmpdir(), 'azurite-kept-'));
const started: AzuriteHandle[] = [];

afterAll(async () => {
  for (const azurite of started) await azurite.stop();
  rmSync(location, { recursive: true, force: true });
});

describe('local Azurite with a kept data folder', () => {
  it('keeps jobs, rows, files and queued dispatches across a restart of the local stack', async () => {
    const first = await startAzurite({ location });
    started.push(first);
    const store = await AzureJobStore.create({ storage: { connectionString: first.connectionString } });
    const job = newJob({
      kind: 'restore',
      tenantId: 'tenant-1',
      initiator: { objectId: 'alice', name: 'Alice' },
      source: { type: 'command', text: 'restore' },
      inputColumns: ['objectId'],
      now: new Date(),
    });
    const created = await store.createJob(job, [plannedRow({ objectId: 'a' }), plannedRow({ objectId: 'b' })]);
    expect(created.ok).toBe(true);
    await store.putFile(job.id, 'upload.csv', Buffer.from('objectId\r\na\r\nb\r\n'));
    await store.enqueue(job.id);
    await first.stop();

    const second = await startAzurite({ location });
    started.push(second);
    expect(second.connectionString).not.toBe(first.connectionString);
    const reopened = await AzureJobStore.create({ storage: { connectionString: second.connectionString } });
    expect((await reopened.getJob(job.id))?.job.counters.total).toBe(2);
    expect((await reopened.getRows(job.id, { limit: 10 })).rows.map((r) => ({ input: r.input, plan: r.plan }))).toEqual([plannedRow({ objectId: 'a' }), plannedRow({ objectId: 'b' })]);
    const file = await reopened.getFile(job.id, 'upload.csv');
    const chunks: Buffer[] = [];
    for await (const chunk of file ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('objectId\r\na\r\nb\r\n');
    expect((await reopened.receive(1_000))?.jobId).toBe(job.id);
  });
});
