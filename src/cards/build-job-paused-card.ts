import type { AdaptiveCardJson } from './adaptive-card-json';
import { audienceTemplateData, withAudienceRefresh, type CardAudience } from './card-audience';
import { expandCardTemplate } from './card-template';
import { escapeCardLine, escapeCardText } from './escape-card-text';
import { cardTime, countOf, formatCount } from './format';
import { progressBarData } from './progress-bar';
import { processedRows, type JobCounts } from './shared-views';

export interface JobPausedView {
  jobId: string;
  jobLabel: string;
  cardToken: string;
  kindLabel: string;
  title: string;
  /** Why it paused, e.g. "Microsoft Graph asked me to slow down (throttling)." */
  why: string;
  /** What resumes it, e.g. "It resumes by itself." or "Sign in again and it continues." */
  resumes: string;
  resumeAt?: string;
  /** Whether a person can resume it now (false while waiting out throttling, for example). */
  canResume: boolean;
  counts: JobCounts;
  audience: CardAudience;
}

export function buildJobPausedCard(view: JobPausedView): AdaptiveCardJson {
  const done = processedRows(view.counts);
  const bar = progressBarData(done, view.counts.total);
  const card = expandCardTemplate('job-paused', {
    eyebrow: `${escapeCardLine(view.kindLabel, 80)} · Job ${escapeCardLine(view.jobLabel, 20)}`,
    title: escapeCardLine(view.title),
    percentText: `${bar.percent}%`,
    countText: `${formatCount(done)} of ${countOf(view.counts.total, 'row')} done`,
    bar,
    why: escapeCardText(view.why),
    resumes: escapeCardText(view.resumes),
    hasResumeAt: view.resumeAt !== undefined,
    resumeAtText: `Next attempt at ${cardTime(view.resumeAt)}.`,
    canResume: view.canResume,
    actionData: { jobId: view.jobId, cardToken: view.cardToken },
    ...audienceTemplateData(view.audience, 'resume or cancel this job'),
  });
  return withAudienceRefresh(card, view.audience, { jobId: view.jobId, cardToken: view.cardToken });
}
