import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { escapeCardLine } from './escape-card-text';

export interface NotYoursView {
  initiatorName: string;
  /** Completes "Only Megan Bowen can …", e.g. "confirm or cancel this job". */
  what: string;
  kindLabel?: string;
  jobLabel?: string;
}

export function buildNotYoursCard(view: NotYoursView): AdaptiveCardJson {
  const parts = [view.kindLabel, view.jobLabel === undefined ? undefined : `Job ${view.jobLabel}`].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  return expandCardTemplate('not-yours', {
    hasEyebrow: parts.length > 0,
    eyebrow: parts.map((p) => escapeCardLine(p, 80)).join(' · '),
    headline: `Only ${escapeCardLine(view.initiatorName, 80)} can ${escapeCardLine(view.what, 80)}.`,
    explanation:
      'Jobs run with the permissions of the person who started them, so only they can approve or change them. To do the same yourself, send the command in your own message.',
  });
}
