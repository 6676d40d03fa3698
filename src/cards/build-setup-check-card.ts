import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { escapeCardLine } from './escape-card-text';

export type SetupMark = 'ok' | 'warn' | 'fail' | 'pim' | 'unknown';

export interface SetupCheckItem {
  mark: SetupMark;
  label: string;
  detail: string;
  /** What to do about a miss. */
  fix?: string;
}

export interface SetupCheckView {
  admin: string;
  tenant?: string;
  sections: readonly { heading: string; items: readonly SetupCheckItem[] }[];
  /** Everything checked works (or only Graph can tell). */
  allWorks: boolean;
}

const MARKS: Record<SetupMark, { text: string; color: string }> = {
  ok: { text: '✓', color: 'good' },
  warn: { text: '!', color: 'warning' },
  fail: { text: '✗', color: 'attention' },
  pim: { text: 'PIM', color: 'warning' },
  unknown: { text: '?', color: 'default' },
};

export function buildSetupCheckCard(view: SetupCheckView): AdaptiveCardJson {
  return expandCardTemplate('setup-check', {
    title: `What works for ${escapeCardLine(view.admin, 120)}`,
    subtitle: view.tenant ? `In ${escapeCardLine(view.tenant, 120)}. Read-only: nothing was changed.` : 'Read-only: nothing was changed.',
    sections: view.sections.map((section) => ({
      heading: escapeCardLine(section.heading, 80),
      items: section.items.map((item) => ({
        mark: MARKS[item.mark].text,
        color: MARKS[item.mark].color,
        label: escapeCardLine(item.label, 120),
        detail: escapeCardLine(item.detail, 400),
        hasFix: item.fix !== undefined && item.fix !== '',
        fix: item.fix ? `→ ${escapeCardLine(item.fix, 400)}` : '',
      })),
    })),
    verdict: view.allWorks ? 'Everything checked works for you here.' : 'Some things do not work yet: each one says what to do.',
    verdictColor: view.allWorks ? 'good' : 'warning',
  });
}
