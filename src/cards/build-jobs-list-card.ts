import type { AdaptiveCardJson } from './adaptive-card-json';
import { cardPlainText } from './card-button-title';
import { expandCardTemplate } from './card-template';
import { escapeCardLine } from './escape-card-text';
import { cardDate, countOf, formatCount } from './format';
import { progressBarData } from './progress-bar';
import { processedRows, type JobCounts } from './shared-views';

export type JobListState = 'awaiting-confirmation' | 'awaiting-second-approval' | 'queued' | 'running' | 'paused' | 'cancelling' | 'completed' | 'cancelled' | 'stopped';

export interface JobListItem {
  jobLabel: string;
  kindLabel: string;
  title: string;
  state: JobListState;
  counts: JobCounts;
  createdAt: string;
  /** Shown in shared contexts, where jobs of several people are listed. */
  initiatorName?: string;
  /** The second administrator who approved the job under the approval policy. */
  secondApproverName?: string;
}

export interface JobsListView {
  /** e.g. "Your jobs". */
  heading: string;
  jobs: readonly JobListItem[];
  totalCount: number;
}

export const MAX_LISTED_JOBS = 10;

const STATES: Record<JobListState, { text: string; color: string; active: boolean }> = {
  'awaiting-confirmation': { text: 'Waiting for OK', color: 'accent', active: false },
  'awaiting-second-approval': { text: 'Waiting for a second admin', color: 'accent', active: false },
  queued: { text: 'Queued', color: 'default', active: true },
  running: { text: 'Running', color: 'accent', active: true },
  paused: { text: 'Paused', color: 'warning', active: true },
  cancelling: { text: 'Cancelling', color: 'warning', active: true },
  completed: { text: 'Finished', color: 'good', active: false },
  cancelled: { text: 'Cancelled', color: 'default', active: false },
  stopped: { text: 'Stopped', color: 'attention', active: false },
};

export function buildJobsListCard(view: JobsListView): AdaptiveCardJson {
  const shown = view.jobs.slice(0, MAX_LISTED_JOBS);
  const total = Math.max(view.totalCount, view.jobs.length);
  const running = view.jobs.filter((j) => STATES[j.state].active).length;
  return expandCardTemplate('jobs-list', {
    title: escapeCardLine(view.heading, 80),
    subtitle: `${countOf(total, 'job')}, ${formatCount(running)} in progress`,
    jobs: shown.map((job) => {
      const state = STATES[job.state];
      const done = processedRows(job.counts);
      const bar = progressBarData(done, job.counts.total);
      const failed = job.counts.failed > 0 ? ` · ${formatCount(job.counts.failed)} failed` : '';
      const by = job.initiatorName === undefined ? '' : ` · ${escapeCardLine(job.initiatorName, 60)}`;
      const approved = job.secondApproverName === undefined ? '' : ` · approved by ${escapeCardLine(job.secondApproverName, 60)}`;
      const command = `status ${cardPlainText(job.jobLabel, 20)}`;
      return {
        title: escapeCardLine(job.title, 120),
        detail: `${escapeCardLine(job.kindLabel, 60)} · Job ${escapeCardLine(job.jobLabel, 20)} · ${cardDate(job.createdAt)}${by}${approved}`,
        stateText: state.text,
        stateColor: state.color,
        progressText: `${formatCount(done)}/${formatCount(job.counts.total)} (${bar.percent}%)${failed}`,
        showBar: state.active,
        bar,
        statusTitle: `Status of job ${cardPlainText(job.jobLabel, 20)}`,
        statusCommand: command,
      };
    }),
    isEmpty: shown.length === 0,
    hasMore: total > shown.length,
    moreText: `Showing the latest ${shown.length} of ${countOf(total, 'job')}.`,
  });
}
