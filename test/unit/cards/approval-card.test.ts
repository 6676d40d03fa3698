import { describe, expect, it } from 'vitest';
import { APPROVAL_HEADLINE, buildApprovalCard, buildJobsListCard, buildResultCard } from '../../../src/cards';
import type { AdaptiveCardJson } from '../../../src/cards';
import { allNodes, pressableActions, textBlocks } from './card-inspect';
import { sampleApproval, sampleJobs, sampleResult } from './sample-views';

const verbs = (card: AdaptiveCardJson): unknown[] => pressableActions(card).map((a) => a.verb);

describe('approval card', () => {
  it('offers everyone in a group Approve, Decline and Cancel (the bot decides who may press which), with no per-person refresh', () => {
    const card = buildApprovalCard(sampleApproval);
    expect(verbs(card)).toEqual(['approve-job', 'decline-job', 'cancel-job']);
    expect(card.refresh).toBeUndefined();
    const text = JSON.stringify(card);
    expect(text).toContain(APPROVAL_HEADLINE);
    expect(text).toContain('Megan Bowen confirmed this job');
    expect(text).toContain('User Administrator or Privileged Authentication Administrator (or Global Administrator)');
    expect(text).toContain('only Megan Bowen can cancel it');
  });

  it('gives the initiator in a personal chat Cancel and the way to a channel, and the card to share no buttons', () => {
    const instruction = 'mention me in a channel with `approval 7KQ2`';
    const personal = buildApprovalCard({ ...sampleApproval, mode: 'personal', instruction });
    expect(verbs(personal)).toEqual(['cancel-job']);
    expect(JSON.stringify(personal)).toContain('approval 7KQ2');
    const share = buildApprovalCard({ ...sampleApproval, mode: 'share', instruction });
    expect(verbs(share)).toEqual([]);
    expect(JSON.stringify(share)).toContain('approval 7KQ2');
    expect(JSON.stringify(buildApprovalCard(sampleApproval))).not.toContain('approval 7KQ2');
  });

  it('once approved, the copy in another conversation names the approver and has no buttons', () => {
    const card = buildApprovalCard({ ...sampleApproval, approvedBy: 'Alex Wilber' });
    expect(verbs(card)).toEqual([]);
    expect(textBlocks(card)).toContain('Approved by Alex Wilber');
    expect(JSON.stringify(card)).not.toContain(APPROVAL_HEADLINE);
  });

  it('shows why a press changed nothing', () => {
    const card = buildApprovalCard({ ...sampleApproval, notices: ["You started this job, so you can't be its second approver."] });
    expect(textBlocks(card).some((text) => text.includes("can't be its second approver"))).toBe(true);
    expect(allNodes(card).some((n) => n.style === 'attention')).toBe(true);
  });
});

describe('both administrators by name', () => {
  it('on the result card and in the jobs list, only for jobs a second administrator approved', () => {
    expect(JSON.stringify(buildResultCard({ ...sampleResult, secondApproverName: 'Alex Wilber' }))).toContain('started by Megan Bowen · approved by Alex Wilber');
    expect(JSON.stringify(buildResultCard(sampleResult))).not.toContain('approved by');
    const [first, ...rest] = sampleJobs.jobs;
    if (!first) throw new Error('sample jobs are empty');
    const list = buildJobsListCard({ ...sampleJobs, jobs: [{ ...first, secondApproverName: 'Alex Wilber' }, ...rest] });
    expect(JSON.stringify(list)).toContain('approved by Alex Wilber');
  });
});
