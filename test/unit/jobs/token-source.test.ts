import { describe, expect, it } from 'vitest';
import { StaticTokenProvider } from '../../../src/graph/token-provider';
import { newJob } from '../../../src/jobs/job-model';
import { jobTokenSource } from '../../../src/jobs/token-source';

const job = newJob({
  kind: 'restore',
  tenantId: 'tenant-1',
  initiator: { objectId: 'alice', name: 'Alice Admin' },
  source: { type: 'command', text: 'restore' },
  inputColumns: [],
  now: new Date('2026-03-01T10:00:00.000Z'),
});

describe('jobTokenSource', () => {
  it('hands out the initiator token, and a reason to pause when there is none or it expired', async () => {
    expect(await jobTokenSource(() => new StaticTokenProvider('abc')).getToken(job)).toEqual({ ok: true, token: 'abc' });
    expect(await jobTokenSource(() => undefined).getToken(job)).toEqual({
      ok: false,
      reason: 'Waiting for Alice Admin to sign in to the bot again so the job can continue.',
    });
    const expired = new StaticTokenProvider('abc', 1_000, () => 2_000);
    expect(await jobTokenSource(() => expired).getToken(job)).toEqual({
      ok: false,
      reason: 'Waiting for Alice Admin to sign in again: The access token has expired; sign in again.',
    });
  });
});
