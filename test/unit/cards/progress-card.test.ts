import { describe, expect, it } from 'vitest';
import { buildProgressCard, type AdaptiveCardJson, type ProgressView } from '../../../src/cards';
import { progressBarData } from '../../../src/cards/progress-bar';
import { allNodes, pressableActions, textBlocks, validateWithSdk } from './card-inspect';
import { groupInitiator, groupObserver, sampleProgress } from './sample-views';

interface BarColumn {
  width: unknown;
  style: unknown;
}

function barColumns(card: AdaptiveCardJson): BarColumn[] {
  const bar = allNodes(card).find(
    (n) => n.type === 'ColumnSet' && JSON.stringify(n.columns).includes('"minHeight":"8px"'),
  );
  expect(bar, 'progress bar ColumnSet').toBeDefined();
  return (bar?.columns as Array<{ width: unknown; items: Array<{ style: unknown }> }>).map((c) => ({ width: c.width, style: c.items[0]?.style }));
}

function progress(counts: ProgressView['counts'], extra: Partial<ProgressView> = {}): AdaptiveCardJson {
  return buildProgressCard({ ...sampleProgress, counts, ...extra });
}

describe('progress bar', () => {
  it('splits into weighted done and remaining columns', () => {
    const card = progress({ total: 1000, succeeded: 400, failed: 15, skipped: 5 });
    expect(barColumns(card)).toEqual([
      { width: 42, style: 'good' },
      { width: 58, style: 'emphasis' },
    ]);
    expect(textBlocks(card)).toContain('42%');
    expect(textBlocks(card)).toContain('420 of 1,000 rows done');
  });

  it('omits the done column at 0 % instead of giving it weight 0', async () => {
    const card = progress({ total: 1000, succeeded: 0, failed: 0, skipped: 0 });
    expect(barColumns(card)).toEqual([{ width: 100, style: 'emphasis' }]);
    expect(textBlocks(card)).toContain('0%');
    expect((await validateWithSdk(card)).validation).toEqual([]);
  });

  it('omits the remaining column at 100 %', async () => {
    const card = progress({ total: 3, succeeded: 2, failed: 1, skipped: 0 });
    expect(barColumns(card)).toEqual([{ width: 100, style: 'good' }]);
    expect(textBlocks(card)).toContain('100%');
    expect((await validateWithSdk(card)).validation).toEqual([]);
  });

  it('shows a sliver for the first row and never claims 100 % before the last', () => {
    expect(barColumns(progress({ total: 10_000, succeeded: 1, failed: 0, skipped: 0 }))).toEqual([
      { width: 1, style: 'good' },
      { width: 99, style: 'emphasis' },
    ]);
    expect(progressBarData(9_999, 10_000)).toMatchObject({ percent: 99, hasDone: true, hasRest: true, doneWeight: 99, restWeight: 1 });
  });

  it('treats an empty job as 0 % rather than dividing by zero', () => {
    expect(progressBarData(0, 0)).toEqual({ percent: 0, hasDone: false, hasRest: true, doneWeight: 1, restWeight: 100 });
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
    expect(pressableActions(card)).toEqual([]);
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
