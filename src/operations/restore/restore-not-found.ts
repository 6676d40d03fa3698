import type { DirectoryObjectType } from '../deleted-objects';
import type { RestoreTarget } from './restore-row';

/** Entra soft-deletes only cloud Microsoft 365 and security groups; the rest never reach the recycle bin. */
export const GROUPS_NEVER_IN_RECYCLE_BIN =
  'Distribution lists, mail-enabled security groups and groups synced from on-premises Active Directory are never kept ' +
  'in the recycle bin: restore a synced group in on-premises AD (for example from the AD Recycle Bin) and let it sync ' +
  'again; recreate a distribution list or mail-enabled security group in the Exchange admin center.';

/** Why something the admin deleted can be missing from the recycle bin, beyond "purged or older than 30 days". */
export type NotFoundHint = 'group-kind-never-soft-deleted';

const HINT_SENTENCE: Record<NotFoundHint, string> = {
  'group-kind-never-soft-deleted': GROUPS_NEVER_IN_RECYCLE_BIN,
};

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const NOT_IN_BIN = 'is not in the recycle bin (never deleted, purged, or deleted more than 30 days ago)';

/**
 * Whether the missing target may be a group Entra never keeps. Groups have no user name, so a lookup by user name
 * cannot be after one; a lookup by id, mail or name can, unless the admin asked for another type.
 */
export function restoreNotFoundHint(by: RestoreTarget['by'] | 'text', objectType?: DirectoryObjectType): NotFoundHint | undefined {
  if (objectType !== undefined && objectType !== 'group') return undefined;
  return by === 'userPrincipalName' ? undefined : 'group-kind-never-soft-deleted';
}

/** The plan's note for a restore row that matches nothing in the recycle bin (it follows the row's label). */
export function restoreNotFoundNote(hint: NotFoundHint | undefined): string {
  return hint ? `${NOT_IN_BIN}. If it is a group: ${lowerFirst(HINT_SENTENCE[hint])}` : NOT_IN_BIN;
}

/**
 * The chat reply when `restore <target>` or `purge <target>` finds nothing. `shownTarget` is the target as it may be
 * shown (the caller escapes it for its medium).
 */
export function recycleBinNotFoundMessage(input: { shownTarget: string; objectType?: DirectoryObjectType; action: 'restore' | 'purge' }): string {
  const hint = input.action === 'restore' ? restoreNotFoundHint('text', input.objectType) : undefined;
  const listCommand = input.objectType === 'group' ? '`deleted groups`' : '`deleted`';
  const opening =
    input.objectType === 'group'
      ? `I found no deleted group "${input.shownTarget}" in the recycle bin.`
      : `Nothing named "${input.shownTarget}" is in the recycle bin.`;
  const because = 'It may never have been deleted, been purged, or been deleted more than 30 days ago.';
  const kinds = hint ? ` ${input.objectType === 'group' ? HINT_SENTENCE[hint] : `If it is a group: ${lowerFirst(HINT_SENTENCE[hint])}`}` : '';
  return `${opening} ${because}${kinds} Type ${listCommand} to see what can be ${input.action === 'restore' ? 'restored' : 'purged'}.`;
}
