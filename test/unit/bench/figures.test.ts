import { describe, it, expect } from 'vitest';
import { countBy, idChecksum, maxInWindow, percentile, ratio, steadyRate } from '../../../bench/lib/figures';
import { isInvitation, managerRefUserId, patchedUserId, restoredId } from '../../../bench/lib/audit';
import { childArgs, parseBenchArgs, SCENARIOS } from '../../../bench/lib/bench-args';
import { formatMarkdownTable, formatTable } from '../../../bench/lib/report';

describe('percentile', () => {
  it('takes the nearest rank, so p95 of 100 values is the 95th smallest', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('maxInWindow', () => {
  it('finds the busiest window, counting an event at the window end in the next one', () => {
    expect(maxInWindow([0, 100, 999, 1_000, 1_500, 1_600], 1_000)).toBe(4);
    expect(maxInWindow([3_000, 0, 1_000, 2_000], 1_000)).toBe(1);
    expect(maxInWindow([], 1_000)).toBe(0);
  });
});

describe('steadyRate', () => {
  it('measures the rate between the 10th and 90th percentile completions, ignoring an opening burst', () => {
    const burst = Array.from({ length: 10 }, () => 0);
    const paced = Array.from({ length: 90 }, (_, i) => 1000 + i * 100);
    expect(steadyRate([...burst, ...paced])).toBeCloseTo(10, 5);
  });

  it('has no answer for too few samples or no elapsed time', () => {
    expect(steadyRate([1, 2, 3])).toBeUndefined();
    expect(steadyRate(Array.from({ length: 20 }, () => 5))).toBeUndefined();
  });
});

describe('idChecksum', () => {
  it('ignores order and case but not content', () => {
    const a = idChecksum(['B', 'a', 'c']);
    expect(idChecksum(['c', 'b', 'A'])).toBe(a);
    expect(idChecksum(['a', 'b'])).not.toBe(a);
    expect(idChecksum(['a', 'b', 'c', 'c'])).not.toBe(a);
  });
});

describe('audit paths', () => {
  it('reads the restored id from a restore path, in or out of a batch', () => {
    expect(restoredId('/v1.0/directory/deletedItems/ABC-1/restore')).toBe('abc-1');
    expect(restoredId('/directory/deletedItems/abc-1/restore?x=1')).toBe('abc-1');
    expect(restoredId('/directory/deletedItems/abc-1')).toBeUndefined();
    expect(isInvitation('/v1.0/invitations')).toBe(true);
    expect(isInvitation('/v1.0/invitationsx')).toBe(false);
  });

  it('reads the user id of a user PATCH and of a manager reference write, and nothing else', () => {
    expect(patchedUserId('/v1.0/users/ABC-1')).toBe('abc-1');
    expect(patchedUserId('/users/abc-1?x=1')).toBe('abc-1');
    expect(patchedUserId('/users/abc-1/manager/$ref')).toBeUndefined();
    expect(managerRefUserId('/users/ABC-1/manager/$ref')).toBe('abc-1');
    expect(managerRefUserId('/users/abc-1/manager')).toBeUndefined();
    expect(managerRefUserId('/users/abc-1')).toBeUndefined();
  });

  it('counts how often each restore was applied', () => {
    const counts = countBy(['/a/deletedItems/x/restore', '/a/deletedItems/x/restore', '/a/deletedItems/y/restore', '/users'], restoredId);
    expect([...counts]).toEqual([
      ['x', 2],
      ['y', 1],
    ]);
  });
});

describe('ratio', () => {
  it('is null without a reference', () => {
    expect(ratio(10, 0)).toBeNull();
    expect(ratio(19.5, 20)).toBe(0.98);
  });
});

describe('bench arguments', () => {
  it('defaults to every scenario at time scale 10 with the export at real time', () => {
    const parsed = parseBenchArgs([]);
    expect(parsed).toEqual({ ok: true, value: { quick: false, scenario: undefined, timeScale: 10, exportTimeScale: 1, inviteTimeScale: 1, scaleOutTimeScale: 4 } });
  });

  it('passes a run’s settings on to the child that runs one scenario', () => {
    const parsed = parseBenchArgs(['--quick', '--time-scale', '5', '--scale-out-time-scale', '2']);
    if (!parsed.ok) throw new Error(parsed.message);
    const again = parseBenchArgs(childArgs(parsed.value, 'invite'));
    expect(again).toEqual({ ok: true, value: { quick: true, scenario: 'invite', timeScale: 5, exportTimeScale: 1, inviteTimeScale: 1, scaleOutTimeScale: 2 } });
  });

  it('knows the update scenario', () => {
    const parsed = parseBenchArgs(['--scenario', 'update', '--quick']);
    expect(parsed).toEqual({ ok: true, value: { quick: true, scenario: 'update', timeScale: 10, exportTimeScale: 1, inviteTimeScale: 1, scaleOutTimeScale: 4 } });
    expect(SCENARIOS).toContain('update');
  });

  it('explains an unknown scenario or flag', () => {
    const bad = parseBenchArgs(['--scenario', 'chat']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('--scenario');
    expect(parseBenchArgs(['--fast']).ok).toBe(false);
  });
});

describe('tables', () => {
  it('aligns columns in text and escapes pipes in Markdown', () => {
    expect(formatTable(['A', 'Bee'], [['long value', 'x']]).split('\n')).toEqual(['A           Bee', '----------  ---', 'long value  x']);
    expect(formatMarkdownTable(['A', 'B'], [['1|2', '3']])).toBe('| A | B |\n|---|---|\n| 1\\|2 | 3 |');
  });
});
