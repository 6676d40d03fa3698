import { describe, expect, it } from 'vitest';
import { buildResultCard } from '../../../src/cards';
import { pressableActions, validateWithSdk } from './card-inspect';
import { groupObserver, sampleResult } from './sample-views';

describe('the result card’s Undo', () => {
  it("is a button for the initiator when the job can be undone, with the job and card token", async () => {
    const card = buildResultCard({ ...sampleResult, canUndo: true });
    const undo = pressableActions(card).find((a) => a.verb === 'undo-job');
    expect(undo).toMatchObject({ type: 'Action.Execute', title: 'Undo', associatedInputs: 'none', data: { jobId: 'job-7f3c2a', cardToken: 'nonce-abc123' } });
    expect(await validateWithSdk(card)).toEqual({ parse: [], validation: [] });
  });

  it('is absent when the job can’t be undone (a purge, or nothing changed) and for anyone but the initiator', () => {
    expect(pressableActions(buildResultCard(sampleResult)).some((a) => a.verb === 'undo-job')).toBe(false);
    expect(pressableActions(buildResultCard({ ...sampleResult, canUndo: true, audience: groupObserver })).some((a) => a.verb === 'undo-job')).toBe(false);
  });
});
