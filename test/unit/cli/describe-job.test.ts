import { describe, expect, it } from 'vitest';
import { describeJob } from '../../../src/cli/job-commands';
import { newJob } from '../../../src/jobs/job-model';

describe('entra-bulk jobs and status', () => {
  it('name the second administrator of a job the approval policy held, and nobody else on other jobs', () => {
    const job = newJob({ kind: 'delete-users', tenantId: 't', initiator: { objectId: 'a', name: 'Megan Bowen' }, source: { type: 'command', text: 'x' }, inputColumns: [], now: new Date('2026-03-01T10:00:00Z') });
    expect(describeJob({ ...job, state: 'completed', secondApprover: { objectId: 'b', name: 'Alex Wilber' } })).toContain('by Megan Bowen, approved by Alex Wilber');
    expect(describeJob(job)).not.toContain('approved by');
  });
});
