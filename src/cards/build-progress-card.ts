import type { AdaptiveCardJson } from './adaptive-card-json';
import { audienceTemplateData, withAudienceRefresh, type CardAudience } from './card-audience';
import { expandCardTemplate } from './card-template';
import { escapeCardLine } from './escape-card-text';
import { cardTime, countOf, formatCount, formatRate, formatTimeLeft } from './format';
import { progressBarData } from './progress-bar';
import { processedRows, type JobCounts } from './shared-views';

export interface ProgressView {
  jobId: string;
  /** Short id people type, e.g. "7KQ2". */
  jobLabel: string;
  cardToken: string;
  /** Operation name, e.g. "Restore deleted objects". */
  kindLabel: string;
  /** What is happening, e.g. "Restoring 1,000 deleted users". */
  title: string;
  state: 'queued' | 'running' | 'cancelling';
  counts: JobCounts;
  ratePerSecond?: number;
  etaSeconds?: number;
  /** A passing condition worth a line, e.g. "Graph is throttling: slowed down to stay within limits." */
  note?: string;
  startedAt?: string;
  updatedAt: string;
  audience: CardAudience;
}

const STATE_TEXT: Record<ProgressView['state'], { text: string; color: string }> = {
  queued: { text: 'Queued', color: 'default' },
  running: { text: 'Running', color: 'accent' },
  cancelling: { text: 'Cancelling: stopping after the current batch', color: 'warning' },
};

export function buildProgressCard(view: ProgressView): AdaptiveCardJson {
  const done = processedRows(view.counts);
  const total = view.counts.total;
  const bar = progressBarData(done, total);
  const remaining = Math.max(0, total - done);
  const pace = view.state === 'running' ? [formatRate(view.ratePerSecond), formatTimeLeft(view.etaSeconds)].filter((s) => s !== '') : [];
  const started = view.startedAt === undefined ? '' : ` at ${cardTime(view.startedAt)}`;
  const state = STATE_TEXT[view.state];
  const card = expandCardTemplate('progress', {
    eyebrow: `${escapeCardLine(view.kindLabel, 80)} · Job ${escapeCardLine(view.jobLabel, 20)}`,
    title: escapeCardLine(view.title),
    subtitle: `Started by ${escapeCardLine(view.audience.initiator.name, 80)}${started}`,
    percentText: `${bar.percent}%`,
    statusText: state.text,
    statusColor: state.color,
    countText: `${formatCount(done)} of ${countOf(total, 'row')} done`,
    bar,
    barColor: view.state === 'cancelling' ? 'warning' : 'good',
    facts: [
      { title: 'Succeeded', value: formatCount(view.counts.succeeded) },
      { title: 'Failed', value: formatCount(view.counts.failed) },
      { title: 'Skipped', value: formatCount(view.counts.skipped) },
      { title: 'Remaining', value: formatCount(remaining) },
    ],
    hasPace: pace.length > 0,
    paceText: pace.join(' · '),
    hasNote: view.note !== undefined && view.note !== '',
    noteText: escapeCardLine(view.note ?? '', 300),
    updatedText: `Updated ${cardTime(view.updatedAt)}`,
    canCancel: view.state !== 'cancelling',
    actionData: { jobId: view.jobId, cardToken: view.cardToken },
    ...audienceTemplateData(view.audience, 'cancel this job'),
  });
  return withAudienceRefresh(card, view.audience, { jobId: view.jobId, cardToken: view.cardToken });
}
