import { describe, expect, it } from 'vitest';
import { jobLabel } from '../../../src/bot/job-card-views';
import { MAX_LINES_PER_OUTCOME, confirmTitle, outcomeLines, splitRowLabel } from '../../../src/bot/plan-confirmation';
import { PendingChoices } from '../../../src/bot/recycle-bin-commands';
import type { RowPlan } from '../../../src/operations/bulk-operation';

function row(outcome: RowPlan['outcome'], note: string, rowIndex = 0): RowPlan {
  return { rowIndex, input: {}, label: `row ${rowIndex}`, outcome, note };
}

describe('outcomeLines', () => {
  it('counts rows per planned outcome and note, ready first, then by count', () => {
    const lines = outcomeLines([
      row('fail', 'is not in the recycle bin'),
      row('ready', 'will be restored'),
      row('attention', 'needs a new UPN'),
      row('ready', 'will be restored'),
      row('ready', 'will be restored with its enterprise app'),
    ]);
    expect(lines).toEqual([
      { count: 2, label: 'will be restored', tone: 'good' },
      { count: 1, label: 'will be restored with its enterprise app', tone: 'good' },
      { count: 1, label: 'needs a new UPN', tone: 'warning' },
      { count: 1, label: 'is not in the recycle bin', tone: 'attention' },
    ]);
  });

  it('falls back to the outcome when a row has no note', () => {
    expect(outcomeLines([row('skip', '')])).toEqual([{ count: 1, label: 'skip', tone: 'default' }]);
  });

  it('shows a few reasons per outcome and counts the rest on one line, so an 800-row reorg keeps a small card', () => {
    const rows = [
      ...Array.from({ length: 800 }, (_, i) => row('ready', `department: Sales → Team ${i % 200}`, i)),
      ...Array.from({ length: 5 }, (_, i) => row('fail', `user ${i} not found`, 800 + i)),
      row('skip', 'nothing to change', 805),
    ];
    const lines = outcomeLines(rows);
    expect(lines.filter((l) => l.tone === 'good')).toHaveLength(MAX_LINES_PER_OUTCOME);
    expect(lines.filter((l) => l.tone === 'good').reduce((sum, l) => sum + l.count, 0)).toBe(800);
    expect(lines.find((l) => l.tone === 'good' && l.label === 'more rows will run, each with its own change')?.count).toBe(800 - 3 * 4);
    expect(lines[MAX_LINES_PER_OUTCOME]).toEqual({ count: 1, label: 'nothing to change', tone: 'default' });
    expect(lines.filter((l) => l.tone === 'attention')).toHaveLength(MAX_LINES_PER_OUTCOME);
    expect(lines.at(-1)).toEqual({ count: 2, label: 'more rows will fail, each for its own reason', tone: 'attention' });
    expect(lines.reduce((sum, l) => sum + l.count, 0)).toBe(806);
  });
});

describe('jobLabel', () => {
  it('is the first six hex digits of the id, upper case', () => {
    expect(jobLabel({ id: '3f9a1c2b-0000-4000-8000-000000000000' })).toBe('3F9A1C');
  });
});

describe('PendingChoices', () => {
  it('keeps the newest 500 choices and forgets the oldest', () => {
    const choices = new PendingChoices();
    for (let i = 0; i < 501; i++) choices.remember(`t${i}`, { initiatorId: 'u', action: { kind: 'purge' }, text: '', query: '' });
    expect(choices.get('t0')).toBeUndefined();
    expect(choices.get('t1')?.initiatorId).toBe('u');
    expect(choices.get('t500')?.action).toEqual({ kind: 'purge' });
  });
});

describe('confirm card titles', () => {
  const named = (label: string): RowPlan => ({ rowIndex: 0, input: {}, label, outcome: 'ready', note: 'will be restored' });

  it('splits "Name (identifier)" into the name and the detail line', () => {
    expect(splitRowLabel('Adele Vance (AdeleV@contoso.com)')).toEqual({ name: 'Adele Vance', identifier: 'AdeleV@contoso.com' });
    expect(splitRowLabel('Contoso (Legacy) CRM')).toEqual({ name: 'Contoso (Legacy) CRM' });
    expect(splitRowLabel('row 3')).toEqual({ name: 'row 3' });
  });

  it('names a single object with the verb, and counts rows otherwise', () => {
    expect(confirmTitle('restore', [named('Adele Vance (AdeleV@contoso.com)')])).toBe('Restore Adele Vance');
    expect(confirmTitle('purge', [named('Project Falcon')])).toBe('Permanently delete Project Falcon');
    expect(confirmTitle('restore', [named('a'), named('b')])).toBe('Restore deleted objects: 2 rows');
    expect(confirmTitle('add-group-members', [named('Grady Archie (GradyA@contoso.com)')])).toMatch(/: 1 row$/);
  });
});
