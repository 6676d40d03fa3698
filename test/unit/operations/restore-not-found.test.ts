import { describe, expect, it } from 'vitest';
import { recycleBinNotFoundMessage, restoreNotFoundHint } from '../../../src/operations/restore/restore-not-found';

describe('restore not-found wording', () => {
  it('says "I found no deleted group" with the group kinds Entra never keeps, and where they come back from', () => {
    const message = recycleBinNotFoundMessage({ shownTarget: 'Legacy Sales DL', objectType: 'group', action: 'restore' });
    expect(message).toMatch(/^I found no deleted group "Legacy Sales DL" in the recycle bin\. It may never have been deleted/);
    expect(message).toContain('Distribution lists, mail-enabled security groups and groups synced from on-premises Active Directory are never kept in the recycle bin');
    expect(message).toContain('restore a synced group in on-premises AD (for example from the AD Recycle Bin) and let it sync again');
    expect(message).toContain('recreate a distribution list or mail-enabled security group in the Exchange admin center');
    expect(message).toMatch(/Type `deleted groups` to see what can be restored\.$/);
  });

  it('adds the group reason to an untyped restore, but not to a user restore or a purge', () => {
    const untyped = recycleBinNotFoundMessage({ shownTarget: 'Legacy Sales DL', action: 'restore' });
    expect(untyped).toMatch(/^Nothing named "Legacy Sales DL" is in the recycle bin\..* If it is a group: distribution lists, mail-enabled security groups/);
    for (const message of [
      recycleBinNotFoundMessage({ shownTarget: 'Nobody Such', objectType: 'user', action: 'restore' }),
      recycleBinNotFoundMessage({ shownTarget: 'Legacy Sales DL', action: 'purge' }),
    ]) {
      expect(message).not.toMatch(/distribution lists/i);
      expect(message).toContain('It may never have been deleted, been purged, or been deleted more than 30 days ago.');
    }
  });

  it('never suggests a group for a lookup by user name', () => {
    expect(restoreNotFoundHint('userPrincipalName')).toBeUndefined();
    expect(restoreNotFoundHint('displayName', 'application')).toBeUndefined();
    expect(restoreNotFoundHint('id')).toBe('group-kind-never-soft-deleted');
    expect(restoreNotFoundHint('mail', 'group')).toBe('group-kind-never-soft-deleted');
  });
});
