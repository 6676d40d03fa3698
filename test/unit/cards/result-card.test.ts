import { describe, expect, it } from 'vitest';
import { buildResultCard, groupFailures, summarizeFailures, type RowFailure } from '../../../src/cards';
import { pressableActions, textBlocks, utf16Bytes, validateWithSdk } from './card-inspect';
import { groupObserver, sampleResult } from './sample-views';

const LONG = 'The request was rejected because '.repeat(30);

describe('groupFailures', () => {
  it('groups by reason, most frequent first, with at most 3 examples each', () => {
    const failures: RowFailure[] = [
      { reason: 'B', rowLabel: 'b1' },
      { reason: 'A', rowLabel: 'a1' },
      { reason: 'A', rowLabel: 'a2' },
      { reason: 'A', rowLabel: 'a3' },
      { reason: 'A', rowLabel: 'a4' },
      { reason: 'C', rowLabel: 'c1' },
    ];
    expect(groupFailures(failures)).toEqual([
      { reason: 'A', count: 4, examples: ['a1', 'a2', 'a3'] },
      { reason: 'B', count: 1, examples: ['b1'] },
      { reason: 'C', count: 1, examples: ['c1'] },
    ]);
  });

  it('summarises the top reasons and counts what is left for the results file', () => {
    const groups = Array.from({ length: 8 }, (_, i) => ({ reason: `reason ${i}`, count: 10 - i, examples: ['x', 'y', 'z', 'w'] }));
    const summary = summarizeFailures(groups);
    expect(summary.lines.map((l) => l.countText)).toEqual(['10 rows', '9 rows', '8 rows', '7 rows', '6 rows']);
    expect(summary.lines[0]?.examplesText).toBe('e.g. x, y, z');
    expect(summary).toMatchObject({ hiddenReasons: 3, hiddenRows: 3 + 4 + 5 });
  });
});

describe('result card', () => {
  it('shows outcome tiles, failures by reason with examples, and the results file', () => {
    const texts = textBlocks(buildResultCard(sampleResult));
    expect(texts).toEqual(expect.arrayContaining(['975', 'Succeeded', '20', 'Failed', '5', 'Skipped']));
    expect(texts).toContain('Finished: 20 of 1,000 rows failed');
    expect(texts).toContain('12 rows');
    expect(texts).toContain('The user principal name is already used by an active user: restore with a new UPN.');
    expect(texts).toContain('e.g. line 2: user0@contoso.com, line 3: user1@contoso.com, line 4: user2@contoso.com');
    expect(texts).toContain('Every row and its outcome is in **restore-7KQ2-results.csv**. Choose **Send me the results file** to get it in our personal chat.');
  });

  it('offers to send the results file when there is no link, and only to the initiator', () => {
    const send = pressableActions(buildResultCard(sampleResult)).find((a) => a.verb === 'send-results');
    expect(send).toMatchObject({ type: 'Action.Execute', title: 'Send me the results file', associatedInputs: 'none', data: { jobId: 'job-7f3c2a', cardToken: 'nonce-abc123' } });
    const linked = buildResultCard({ ...sampleResult, resultsFile: { name: 'r.csv', url: 'https://contoso.sharepoint.com/r.csv' } });
    expect(pressableActions(linked).some((a) => a.verb === 'send-results')).toBe(false);
    const observer = buildResultCard({ ...sampleResult, audience: groupObserver });
    expect(textBlocks(observer)).toContain('Every row and its outcome is in **restore-7KQ2-results.csv**. Megan Bowen can get it from this card.');
  });

  it('lists a small job row by row, by name, and stays valid', async () => {
    const rows = [
      { title: 'Adele Vance', detail: 'AdeleV@contoso.com', outcome: 'Done', tone: 'good' as const },
      { title: 'Christie Cline', detail: 'ChristieC@contoso.com', outcome: 'Failed', tone: 'attention' as const },
    ];
    const card = buildResultCard({ ...sampleResult, counts: { total: 2, succeeded: 1, failed: 1, skipped: 0 }, rows });
    const texts = textBlocks(card);
    expect(texts).toEqual(expect.arrayContaining(['Adele Vance', 'AdeleV@contoso.com', 'Done', 'Christie Cline', 'Failed']));
    expect((await validateWithSdk(card)).validation).toEqual([]);
    const many = buildResultCard({ ...sampleResult, rows: Array.from({ length: 9 }, (_, i) => ({ title: `Person ${i}`, outcome: 'Done', tone: 'good' as const })) });
    expect(textBlocks(many).filter((t) => t.startsWith('Person '))).toHaveLength(5);
    expect(textBlocks(buildResultCard(sampleResult))).not.toContain('Done');
  });

  it("shows a single invitation's redeem URL as text to copy, and each row's for a few rows", async () => {
    const url = 'https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3dx_y';
    const single = buildResultCard({ ...sampleResult, counts: { total: 1, succeeded: 1, failed: 0, skipped: 0 }, failureGroups: [], details: [{ label: 'Redeem URL', value: url }] });
    const texts = textBlocks(single);
    expect(texts).toEqual(expect.arrayContaining(['Redeem URL', url]));
    expect((await validateWithSdk(single)).validation).toEqual([]);
    const several = buildResultCard({
      ...sampleResult,
      details: [
        { rowTitle: 'Ann', label: 'Redeem URL', value: `${url}&a` },
        { rowTitle: 'Bo', label: 'Redeem URL', value: `${url}&b` },
      ],
    });
    expect(textBlocks(several)).toEqual(expect.arrayContaining(['Redeem URL: Ann', `${url}&a`, 'Redeem URL: Bo', `${url}&b`]));
    expect(textBlocks(buildResultCard(sampleResult)).some((t) => t.startsWith('Redeem URL'))).toBe(false);
  });

  it('counts already-done rows apart from succeeded and failed ones, with their reasons, and no retry for them', async () => {
    const card = buildResultCard({
      ...sampleResult,
      counts: { total: 4, succeeded: 3, failed: 1, skipped: 0, alreadyDone: 2 },
      failureGroups: [{ reason: 'Megan Bowen is not in the recycle bin.', count: 1, examples: ['Megan Bowen'] }],
      alreadyDoneGroups: [{ reason: 'is already active again (restored before this job ran); nothing was changed', count: 2, examples: ['Adele Vance', 'Lynne Robbins'] }],
    });
    const texts = textBlocks(card);
    const tile = (label: string) => texts[texts.indexOf(label) - 1];
    expect(tile('Succeeded')).toBe('1');
    expect(tile('Already done')).toBe('2');
    expect(tile('Failed')).toBe('1');
    expect(texts).toContain('Already done (nothing changed)');
    expect(texts).toContain('is already active again (restored before this job ran); nothing was changed');
    expect(texts).toContain('e.g. Adele Vance, Lynne Robbins');
    expect(pressableActions(card).find((a) => a.verb === 'retry-failed')?.title).toBe('Retry 1 failed row');
    expect((await validateWithSdk(card)).validation).toEqual([]);
  });

  it('says a job whose every row was already done is done, not failed', () => {
    const texts = textBlocks(
      buildResultCard({ ...sampleResult, counts: { total: 1, succeeded: 1, failed: 0, skipped: 0, alreadyDone: 1 }, failureGroups: [], alreadyDoneGroups: [] }),
    );
    expect(texts).toContain('Already done');
    expect(texts).toContain('Nothing needed to change, so nothing was changed.');
    expect(texts[texts.indexOf('Failed') - 1]).toBe('0');
    expect(texts[texts.indexOf('Already done', texts.indexOf('Already done') + 1) - 1]).toBe('1');
    const mixed = textBlocks(buildResultCard({ ...sampleResult, counts: { total: 3, succeeded: 3, failed: 0, skipped: 0, alreadyDone: 1 }, failureGroups: [] }));
    expect(mixed).toContain('Done: all 3 rows handled');
    expect(mixed).toContain('1 row was already done, so nothing changed for it.');
  });

  it('gives observers no button when the initiator has nothing left to do on a finished job', () => {
    const done = buildResultCard({
      ...sampleResult,
      counts: { total: 10, succeeded: 10, failed: 0, skipped: 0 },
      failureGroups: [],
      resultsFile: { name: 'r.csv', url: 'https://contoso.sharepoint.com/r.csv' },
      audience: groupObserver,
    });
    expect(pressableActions(done).filter((a) => a.type === 'Action.Execute')).toEqual([]);
    expect(done.refresh).toBeDefined();
  });

  it('offers Retry failed rows carrying the job id and token', () => {
    const retry = pressableActions(buildResultCard(sampleResult)).find((a) => a.verb === 'retry-failed');
    expect(retry).toMatchObject({ title: 'Retry 20 failed rows', associatedInputs: 'none', data: { jobId: 'job-7f3c2a', cardToken: 'nonce-abc123' } });
  });

  it('has no Retry when nothing failed, when retry is pointless, or for observers', () => {
    const clean = buildResultCard({ ...sampleResult, counts: { total: 10, succeeded: 10, failed: 0, skipped: 0 }, failureGroups: [] });
    expect(pressableActions(clean).map((a) => a.verb)).toEqual(['send-results']);
    expect(textBlocks(clean)).toContain('Done: all 10 rows handled');
    expect(textBlocks(clean)).not.toContain('Why rows failed');
    expect(pressableActions(buildResultCard({ ...sampleResult, canRetry: false })).some((a) => a.verb === 'retry-failed')).toBe(false);
    const observer = buildResultCard({ ...sampleResult, audience: groupObserver });
    // The one button asks for the initiator's view, for clients that do not refresh on their own.
    expect(pressableActions(observer)).toEqual([{ type: 'Action.Execute', verb: 'refresh-job', title: "Show Megan Bowen's options", associatedInputs: 'none', data: { cardToken: 'nonce-abc123', jobId: 'job-7f3c2a' } }]);
    expect(textBlocks(observer)).toContain('Only Megan Bowen can retry this job.');
  });

  it('links the results file only when its URL is https', () => {
    const linked = buildResultCard({ ...sampleResult, resultsFile: { name: 'r.csv', url: 'https://contoso.sharepoint.com/r.csv' } });
    expect(pressableActions(linked)).toContainEqual({ type: 'Action.OpenUrl', title: 'Open results file', url: 'https://contoso.sharepoint.com/r.csv' });
    const unsafe = buildResultCard({ ...sampleResult, resultsFile: { name: 'r.csv', url: 'javascript:alert(1)' } });
    expect(pressableActions(unsafe).some((a) => a.type === 'Action.OpenUrl')).toBe(false);
  });

  it('explains a cancelled job: what ran, what did not', () => {
    const card = buildResultCard({ ...sampleResult, outcome: 'cancelled', counts: { total: 1000, succeeded: 400, failed: 15, skipped: 5 } });
    const texts = textBlocks(card);
    expect(texts).toContain('Cancelled after 420 of 1,000 rows');
    expect(texts).toContain('Finished rows stay done; 580 rows did not run.');
    expect(texts).toEqual(expect.arrayContaining(['580', 'Not run']));
  });

  it('gives the job-level reason when a job stopped', () => {
    const card = buildResultCard({ ...sampleResult, outcome: 'stopped', stopReason: 'Your admin role was removed during the job.' });
    expect(textBlocks(card)).toContain('Your admin role was removed during the job.');
  });

  it('stays under 28 KB in the worst case: 10,000 failures, each with its own long reason', async () => {
    const failures: RowFailure[] = Array.from({ length: 10_000 }, (_, i) => ({
      reason: `${LONG} #${i} <b>[x](https://evil)</b>`,
      rowLabel: `line ${i + 2}: ${'very.long.name.'.repeat(10)}${i}@contoso.com`,
    }));
    const card = buildResultCard({ ...sampleResult, counts: { total: 10_000, succeeded: 0, failed: 10_000, skipped: 0 }, failureGroups: groupFailures(failures) });
    expect(utf16Bytes(card)).toBeLessThan(28 * 1024);
    expect(textBlocks(card)).toContain('and 9,995 more reasons (9,995 rows) in the results file.');
    expect((await validateWithSdk(card)).validation).toEqual([]);
  }, 60_000);

  it('stays under 28 KB when 10,000 rows share long reasons with long examples', () => {
    const failures: RowFailure[] = Array.from({ length: 10_000 }, (_, i) => ({ reason: `${LONG} ${i % 7}`, rowLabel: `${'x'.repeat(500)}${i}` }));
    const card = buildResultCard({ ...sampleResult, counts: { total: 10_000, succeeded: 0, failed: 10_000, skipped: 0 }, failureGroups: groupFailures(failures) });
    expect(utf16Bytes(card)).toBeLessThan(28 * 1024);
    expect(textBlocks(card)).toContain('and 2 more reasons (2,856 rows) in the results file.');
  }, 60_000);
});
