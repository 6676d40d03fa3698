import { describe, expect, it } from 'vitest';
import { resultsCsvLines } from '../../../src/jobs/results-csv';
import type { JobRow, ResultColumn } from '../../../src/jobs/job-model';
import { newJob } from '../../../src/jobs/job-model';
import type { BulkKind } from '../../../src/operations/catalogue';
import { operationFor } from '../../../src/operations/catalogue';
import { undoSourceFromJob, undoSourceFromResultsCsv } from '../../../src/operations/undo';

const NOW = new Date('2026-03-01T10:00:00.000Z');

function jobOf(kind: BulkKind) {
  return newJob({
    kind,
    tenantId: 't',
    initiator: { objectId: 'alice', name: 'Alice' },
    source: { type: 'command', text: kind },
    inputColumns: ['Member [memberObjectIdOrUpn]'],
    resultColumns: [...(operationFor(kind).resultColumns ?? [])] as ResultColumn[],
    now: NOW,
  });
}

function row(index: number, status: 'succeeded' | 'failed', details: Record<string, string>, alreadyDone = false): JobRow {
  return {
    jobId: 'j',
    index,
    input: { 'Member [memberObjectIdOrUpn]': `m${index}@contoso.com` },
    plan: { label: `M${index} (m${index}@contoso.com)`, outcome: 'ready', note: '' },
    state: status,
    attempts: 1,
    result: { status, ...(alreadyDone ? { alreadyDone } : {}), objectId: details.memberId ?? '', details, finishedAt: NOW.toISOString() },
  };
}

async function csvOf(kind: BulkKind, rows: JobRow[]): Promise<Uint8Array> {
  let text = '';
  for await (const line of resultsCsvLines(jobOf(kind), rows)) text += line;
  return Buffer.from(text, 'utf8');
}

describe('what undo reads back', () => {
  const rows = [
    row(0, 'succeeded', { groupId: 'g1', memberId: 'u0' }),
    row(1, 'failed', {}),
    row(2, 'succeeded', { groupId: 'g1', memberId: 'u2' }, true),
    row(3, 'succeeded', { groupId: 'g1', memberId: 'u3' }),
  ];

  it('tells an add from a remove by their results files, and keeps only the rows that changed something', async () => {
    for (const kind of ['add-group-members', 'remove-group-members'] as const) {
      const read = undoSourceFromResultsCsv(await csvOf(kind, rows));
      expect(read.ok && read.source.kind).toBe(kind);
      expect(read.ok && read.source.rows).toEqual([
        { input: { 'Member [memberObjectIdOrUpn]': 'm0@contoso.com' }, label: 'M0 (m0@contoso.com)', objectId: 'u0', details: { groupId: 'g1', memberId: 'u0' } },
        { input: { 'Member [memberObjectIdOrUpn]': 'm3@contoso.com' }, label: 'M3 (m3@contoso.com)', objectId: 'u3', details: { groupId: 'g1', memberId: 'u3' } },
      ]);
    }
  });

  it('reads the same rows from the job store as from the file', async () => {
    const fromJob = undoSourceFromJob(jobOf('add-group-members'), rows);
    const fromFile = undoSourceFromResultsCsv(await csvOf('add-group-members', rows));
    expect(fromJob.ok && fromJob.source.rows).toEqual(fromFile.ok && fromFile.source.rows);
  });

  it("refuses a purge's results and a file that is not a results file", async () => {
    expect(undoSourceFromResultsCsv(await csvOf('purge', rows))).toMatchObject({ ok: false, message: expect.stringContaining("can't be undone") as unknown });
    expect(undoSourceFromResultsCsv(Buffer.from('a,b\r\n1,2\r\n'))).toMatchObject({ ok: false, message: expect.stringContaining('not a results file') as unknown });
  });
});
