import { describe, expect, it } from 'vitest';
import { parseCardAction, typedCountMatches } from '../../../src/cards';

describe('parseCardAction', () => {
  it('accepts a confirm with its inputs and turns the toggle into a boolean', () => {
    expect(
      parseCardAction('confirm-job', {
        jobId: 'job-1',
        cardToken: 'nonce',
        typedCount: '250',
        newUserPrincipalName: ' a@contoso.com ',
        autoReconcileProxyConflict: 'true',
      }),
    ).toEqual({
      ok: true,
      verb: 'confirm-job',
      data: { jobId: 'job-1', cardToken: 'nonce', typedCount: '250', newUserPrincipalName: 'a@contoso.com', autoReconcileProxyConflict: true },
    });
  });

  it('rejects unknown verbs and data without a card token, with a reason', () => {
    const badVerb = parseCardAction('delete-everything', { cardToken: 'x' });
    expect(badVerb.ok).toBe(false);
    expect(!badVerb.ok && badVerb.reason).toContain('delete-everything');
    const noToken = parseCardAction('cancel-job', { jobId: 'job-1' });
    expect(noToken).toEqual({ ok: false, reason: expect.stringContaining('send the command again') });
  });
});

describe('typedCountMatches', () => {
  it('matches the exact count, tolerating separators and spaces', () => {
    expect(typedCountMatches('250', 250)).toBe(true);
    expect(typedCountMatches(' 1,000 ', 1000)).toBe(true);
    expect(typedCountMatches('25', 250)).toBe(false);
    expect(typedCountMatches('250 users', 250)).toBe(false);
    expect(typedCountMatches('', 0)).toBe(false);
    expect(typedCountMatches(undefined, 250)).toBe(false);
  });
});
