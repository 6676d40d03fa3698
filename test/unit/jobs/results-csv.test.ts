import { describe, expect, it } from 'vitest';
import type { JobRow } from '../../../src/jobs/job-model';
import { newJob } from '../../../src/jobs/job-model';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { openResultsCsv, resultsCsvLines, writeResultsCsv } from '../../../src/jobs/results-csv';
import { plannedRow } from '../../support/job-rows';

const NOW = new Date('2026-03-01T10:00:00.000Z');

function job(): ReturnType<typeof newJob> {
  return newJob({
    kind: 'invite',
    tenantId: 'tenant-1',
    initiator: { objectId: 'alice', name: 'Alice' },
    source: { type: 'file', fileName: 'invites.csv', sizeBytes: 120, sha256: 'a'.repeat(64) },
    inputColumns: ['inviteeEmail', 'inviteRedirectURL'],
    now: NOW,
  });
}

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe('results CSV', () => {
  it('names both administrators on every row of a job a second administrator approved, and adds nothing otherwise', async () => {
    const row: JobRow = {
      jobId: 'j',
      index: 0,
      input: { inviteeEmail: 'ann@fabrikam.com', inviteRedirectURL: '' },
      plan: { label: 'Ann', outcome: 'ready', note: '' },
      state: 'succeeded',
      attempts: 1,
      result: { status: 'succeeded', finishedAt: NOW.toISOString() },
    };
    const approved = { ...job(), approver: { objectId: 'alice', name: 'Alice' }, secondApprover: { objectId: 'bob', name: '=Bob' } };
    const [header, line] = (await collect(resultsCsvLines(approved, [row]))).split('\r\n');
    expect(header?.endsWith(',Started by,Approved by')).toBe(true);
    expect(line?.endsWith(',Alice,"\'=Bob"')).toBe(true);
    const [plainHeader] = (await collect(resultsCsvLines(job(), [row]))).split('\r\n');
    expect(plainHeader).not.toContain('Approved by');
  });

  it('writes the input columns then status, reason, Graph code, request id and new id, escaping formulas', async () => {
    const rows: JobRow[] = [
      {
        jobId: 'j',
        index: 0,
        input: { inviteeEmail: 'ann@fabrikam.com', inviteRedirectURL: 'https://myapps.microsoft.com' },
        plan: { label: 'Ann <ann@fabrikam.com>', outcome: 'ready', note: 'will be invited' },
        state: 'succeeded',
        attempts: 1,
        result: { status: 'succeeded', requestId: 'req-1', objectId: 'guest-1', finishedAt: NOW.toISOString() },
      },
      {
        jobId: 'j',
        index: 1,
        input: { inviteeEmail: '=HYPERLINK("x")', inviteRedirectURL: '' },
        plan: { label: '=HYPERLINK("x")', outcome: 'ready', note: 'will be invited' },
        state: 'failed',
        attempts: 1,
        result: { status: 'failed', reason: 'Not a valid email, "really"', graphCode: 'BadRequest', requestId: 'req-2', finishedAt: NOW.toISOString() },
      },
      { jobId: 'j', index: 2, input: { inviteeEmail: 'late@fabrikam.com' }, plan: { label: 'late@fabrikam.com', outcome: 'ready', note: '' }, state: 'pending', attempts: 0, result: null },
      {
        jobId: 'j',
        index: 3,
        input: { inviteeEmail: 'bo@fabrikam.com', inviteRedirectURL: '' },
        plan: { label: 'bo@fabrikam.com', outcome: 'attention', note: 'is already a guest' },
        state: 'succeeded',
        attempts: 1,
        result: { status: 'succeeded', alreadyDone: true, reason: 'is already a guest', objectId: 'guest-2', finishedAt: NOW.toISOString() },
      },
    ];
    expect(await collect(resultsCsvLines(job(), rows))).toBe(
      '\uFEFFinviteeEmail,inviteRedirectURL,Object,Status,Reason,Graph error code,Request ID,New object ID\r\n' +
        'ann@fabrikam.com,https://myapps.microsoft.com,Ann <ann@fabrikam.com>,succeeded,,,req-1,guest-1\r\n' +
        `"'=HYPERLINK(""x"")",,"'=HYPERLINK(""x"")",failed,"Not a valid email, ""really""",BadRequest,req-2,\r\n` +
        'late@fabrikam.com,,late@fabrikam.com,pending,,,,\r\n' +
        'bo@fabrikam.com,,bo@fabrikam.com,already done,is already a guest,,,guest-2\r\n',
    );
  });

  it('streams every stored row of a job into its results blob', async () => {
    const store = new MemoryJobStore();
    const created = await store.createJob(
      job(),
      Array.from({ length: 1_200 }, (_, i) => plannedRow({ inviteeEmail: `user${i}@fabrikam.com`, inviteRedirectURL: 'https://x' })),
    );
    if (!created.ok) throw new Error(created.error.message);
    await writeResultsCsv(store, created.value.job);
    const stream = await openResultsCsv(store, created.value.job.id);
    if (!stream) throw new Error('results.csv missing');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').split('\r\n');
    expect(lines).toHaveLength(1_202);
    expect(lines[1]).toBe('user0@fabrikam.com,https://x,user0@fabrikam.com,pending,,,,');
    expect(lines[1_200]).toBe('user1199@fabrikam.com,https://x,user1199@fabrikam.com,pending,,,,');
  });
});
