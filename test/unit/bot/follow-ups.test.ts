import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_WINDOW_MS, namedTargetsOf, recallNamedTargets, rememberNamedTargets, withNamedTargets } from '../../../src/bot/follow-ups';
import type { ConversationBag } from '../../../src/bot/follow-ups';
import { parseCommand } from '../../../src/bot/command-parser';

const ALEX = 'alex-id';
const LEE = 'lee-id';
const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

describe('what "her" and "them" refer to', () => {
  it('is what this admin named last in this conversation, within the window', () => {
    const bag: ConversationBag = {};
    rememberNamedTargets(bag, ALEX, namedTargetsOf(parseCommand('is Adele Vance deleted?')), T0);
    expect(recallNamedTargets(bag, ALEX, T0 + 60_000)).toEqual(['Adele Vance']);
    expect(recallNamedTargets(bag, LEE, T0 + 60_000)).toBeUndefined();
    expect(recallNamedTargets(bag, ALEX, T0 + FOLLOW_UP_WINDOW_MS + 1)).toBeUndefined();
  });

  it('is replaced by the next command that names someone, and kept by one that names nobody', () => {
    const bag: ConversationBag = {};
    rememberNamedTargets(bag, ALEX, namedTargetsOf(parseCommand('restore Adele Vance, Megan Bowen')), T0);
    rememberNamedTargets(bag, ALEX, namedTargetsOf(parseCommand('jobs')), T0 + 1000);
    expect(recallNamedTargets(bag, ALEX, T0 + 2000)).toEqual(['Adele Vance', 'Megan Bowen']);
    rememberNamedTargets(bag, ALEX, namedTargetsOf(parseCommand('add bob@contoso.com to Sales')), T0 + 3000);
    expect(recallNamedTargets(bag, ALEX, T0 + 4000)).toEqual(['bob@contoso.com']);
  });

  it('fills in the command that said "her"', () => {
    expect(withNamedTargets(parseCommand('restore her'), ['Adele Vance'])).toEqual({ ok: true, command: { intent: 'restore', target: 'Adele Vance', reconcileProxy: false } });
    expect(withNamedTargets(parseCommand('restore them'), ['Adele Vance', 'Megan Bowen'])).toEqual({
      ok: true,
      command: { intent: 'restore', targets: ['Adele Vance', 'Megan Bowen'], reconcileProxy: false },
    });
    expect(withNamedTargets(parseCommand('remove him from Sales'), ['Bob'])).toEqual({ ok: true, command: { intent: 'remove-from-group', members: ['Bob'], group: 'Sales' } });
    expect(withNamedTargets(parseCommand('set her department to Sales'), ['Adele Vance'])).toEqual({
      ok: true,
      command: { intent: 'update-user', target: 'Adele Vance', property: 'department', value: 'Sales' },
    });
  });

  it('asks instead of guessing when nobody, or several people for a one-person change, were named', () => {
    expect(withNamedTargets(parseCommand('restore her'), undefined)).toMatchObject({ ok: false, message: expect.stringContaining('Who do you mean?') as unknown as string });
    expect(withNamedTargets(parseCommand('set her department to Sales'), ['Adele Vance', 'Megan Bowen'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('say which one') as unknown as string,
    });
  });

  it('ignores state it did not write', () => {
    const bag: ConversationBag = { namedTargets: { [ALEX]: { names: 'not a list', at: T0 } } };
    expect(recallNamedTargets(bag, ALEX, T0)).toBeUndefined();
  });
});
