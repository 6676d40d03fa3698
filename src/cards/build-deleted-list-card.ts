import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { daysLeftColor, daysLeftText } from './days-left';
import { escapeCardLine } from './escape-card-text';
import { cardDate, countOf } from './format';

export interface DeletedItemView {
  objectId: string;
  typeLabel: string;
  displayName: string;
  /** UPN for users, mail for groups, app id name for apps: whatever identifies it best. */
  identifier?: string;
  deletedAt: string;
  daysLeft: number;
}

export interface DeletedListView {
  cardToken: string;
  /** e.g. "Deleted users", "Deleted items". */
  heading: string;
  search?: string;
  /** In the order to show them (the bot sorts, e.g. soonest to expire first). */
  items: readonly DeletedItemView[];
  /** How many matched in all (may be more than `items`). */
  totalCount: number;
  /** Whether Restore buttons are shown (false when the viewer cannot restore, e.g. no role). */
  canRestore: boolean;
  /** A command that narrows the list, shown when more exist, e.g. "deleted users megan". */
  narrowHint: string;
}

export const MAX_DELETED_ROWS = 15;

export function buildDeletedListCard(view: DeletedListView): AdaptiveCardJson {
  const shown = view.items.slice(0, MAX_DELETED_ROWS);
  const total = Math.max(view.totalCount, view.items.length);
  const search = view.search === undefined || view.search === '' ? '' : ` matching “${escapeCardLine(view.search, 80)}”`;
  return expandCardTemplate('deleted-list', {
    title: escapeCardLine(view.heading, 80),
    subtitle: `${countOf(total, 'item')}${search}. Deleted items can be restored for 30 days.`,
    items: shown.map((item) => ({
      name: escapeCardLine(item.displayName, 120),
      detail: [escapeCardLine(item.typeLabel, 60), item.identifier === undefined ? '' : escapeCardLine(item.identifier, 120)]
        .filter((s) => s !== '')
        .join(' · '),
      deletedText: `Deleted ${cardDate(item.deletedAt)}`,
      daysLeftText: daysLeftText(item.daysLeft),
      daysLeftColor: daysLeftColor(item.daysLeft),
      actionData: { cardToken: view.cardToken, objectId: item.objectId },
    })),
    canRestore: view.canRestore,
    isEmpty: shown.length === 0,
    emptyText: `Nothing in the recycle bin${search}.`,
    hasMore: total > shown.length,
    moreText: `Showing ${shown.length} of ${countOf(total, 'item')}. To narrow it down, type “${escapeCardLine(view.narrowHint, 80)}”.`,
  });
}
