import { describe, expect, it } from 'vitest';
import { buildProgressCard, type AdaptiveCardJson, type ProgressView } from '../../../src/cards';
import { progressBarData } from '../../../src/cards/progress-bar';
import { allNodes, pressableActions, textBlocks, validateWithSdk } from './card-inspect';
import { groupInitiator, groupObserver, sampleProgress } from './sample-views';

function progress(counts: ProgressView['counts'], extra: Partial<ProgressView> = {}): AdaptiveCardJson {
  return buildProgressCard({ ...sampleProgress, counts, ...extra });
}

interface BarRun {
  cells: number;
  color: unknown;
  subtle: boolean;
}

function barRuns(card: AdaptiveCardJson): BarRun[] {
  const bar = allNodes(card).find((n) => n.type === 'RichTextBlock');
  expect(bar, 'progress bar RichTextBlock').toBeDefined();
  return (bar?.inlines as Array<{ text: string; color?: unknown; isSubtle?: boolean }>).map((r) => ({
    cells: Array.from(r.text).length,
    color: r.color,
    subtle: r.isSubtle === true,
  }));
}

describe('progress bar', () => {
  it('splits 30 text cells into coloured done and subtle remaining runs', () => {
    const card = progress({ total: 1000, succeeded: 400, failed: 15, skipped: 5 });
    expect(barRuns(card)).toEqual([
      { cells: 13, color: 'good', subtle: false },
      { cells: 17, color: undefined, subtle: true },
    ]);
    expect(textBlocks(card)).toContain('42%');
    expect(textBlocks(card)).toContain('420 of 1,000 rows done');
  });

  it('draws only the track at 0 %, never an empty run', async () => {
    const card = progress({ total: 1000, succeeded: 0, failed: 0, skipped: 0 });
    expect(barRuns(card)).toEqual([{ cells: 30, color: undefined, subtle: true }]);
    expect(textBlocks(card)).toContain('0%');
    expect((await validateWithSdk(card)).validation).toEqual([]);
  });

  it('draws only the done run at 100 %', async () => {
    const card = progress({ total: 3, succeeded: 2, failed: 1, skipped: 0 });
    expect(barRuns(card)).toEqual([{ cells: 30, color: 'good', subtle: false }]);
    expect(textBlocks(card)).toContain('100%');
    expect((await validateWithSdk(card)).validation).toEqual([]);
  });

  it('shows a cell for the first row and never a full bar before the last', () => {
    expect(barRuns(progress({ total: 10_000, succeeded: 1, failed: 0, skipped: 0 }))[0]).toEqual({ cells: 1, color: 'good', subtle: false });
    const almost = progressBarData(9_999, 10_000);
    expect(almost).toMatchObject({ percent: 99, hasDone: true, hasRest: true });
    expect(Array.from(almost.restText)).toHaveLength(1);
  });

  it('colours the done cells as a warning while cancelling', () => {
    const card = progress({ total: 10, succeeded: 5, failed: 0, skipped: 0 }, { state: 'cancelling' });
    expect(barRuns(card)[0]?.color).toBe('warning');
  });

  it('treats an empty job as 0 % rather than dividing by zero', () => {
    expect(progressBarData(0, 0)).toMatchObject({ percent: 0, hasDone: false, hasRest: true, doneText: '' });
  });
});

describe('progress card', () => {
  it('gives rate and time left in plain words', () => {
    const texts = textBlocks(progress(sampleProgress.counts, { ratePerSecond: 12.4, etaSeconds: 720 }));
    expect(texts).toContain('12 rows per second · about 12 minutes left');
  });

  it('leaves out rate and ETA until they are known', () => {
    const texts = textBlocks(progress(sampleProgress.counts, { ratePerSecond: undefined, etaSeconds: undefined }));
    expect(texts.some((t) => t.includes('per second') || t.includes('left'))).toBe(false);
  });

  it('shows succeeded, failed, skipped and remaining counts', () => {
    const factSet = allNodes(progress({ total: 2000, succeeded: 1200, failed: 30, skipped: 70 })).find((n) => n.type === 'FactSet');
    expect(factSet?.facts).toEqual([
      { title: 'Succeeded', value: '1,200' },
      { title: 'Failed', value: '30' },
      { title: 'Skipped', value: '70' },
      { title: 'Remaining', value: '700' },
    ]);
  });

  it('offers Cancel (no inputs needed) carrying the job id and card token', () => {
    const cancel = pressableActions(progress(sampleProgress.counts)).find((a) => a.verb === 'cancel-job');
    expect(cancel).toMatchObject({ type: 'Action.Execute', associatedInputs: 'none', data: { jobId: 'job-7f3c2a', cardToken: 'nonce-abc123' } });
  });

  it('drops Cancel while cancelling and says so', () => {
    const card = progress(sampleProgress.counts, { state: 'cancelling' });
    expect(pressableActions(card).map((a) => a.verb)).not.toContain('cancel-job');
    expect(textBlocks(card)).toContain('Cancelling: stopping after the current batch');
  });

  it('in a group, posts a read-only view that refreshes only for the initiator', () => {
    const card = buildProgressCard({ ...sampleProgress, audience: groupObserver });
    // The one button asks for the initiator's view, for clients that do not refresh on their own.
    expect(pressableActions(card)).toEqual([{ type: 'Action.Execute', verb: 'refresh-job', title: "Show Megan Bowen's options", associatedInputs: 'none', data: { cardToken: 'nonce-abc123', jobId: 'job-7f3c2a' } }]);
    expect(textBlocks(card)).toContain('Only Megan Bowen can cancel this job.');
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh-job', data: { cardToken: 'nonce-abc123', jobId: 'job-7f3c2a' } },
      userIds: ['29:1megan-bowen-mri'],
    });
  });

  it('gives the initiator in a group the buttons and keeps the refresh', () => {
    const card = buildProgressCard({ ...sampleProgress, audience: groupInitiator });
    expect(pressableActions(card).map((a) => a.verb)).toContain('cancel-job');
    expect(card.refresh).toBeDefined();
    expect(textBlocks(card).some((t) => t.startsWith('Only '))).toBe(false);
  });

  it('has no refresh in personal chat', () => {
    expect(progress(sampleProgress.counts).refresh).toBeUndefined();
  });
});
