import { escapeCardLine } from './escape-card-text';
import { countOf } from './format';

export interface RowFailure {
  reason: string;
  /** How a person recognises the row, e.g. "line 14: adele@contoso.com". */
  rowLabel: string;
}

export interface FailureGroup {
  reason: string;
  count: number;
  /** A few rows with this reason; only the first `maxExamples` are shown. */
  examples: string[];
}

/** Groups row failures by reason, most frequent first, keeping a few examples of each. */
export function groupFailures(failures: Iterable<RowFailure>, maxExamples = 3): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const group = groups.get(failure.reason);
    if (group === undefined) {
      groups.set(failure.reason, { reason: failure.reason, count: 1, examples: [failure.rowLabel] });
    } else {
      group.count += 1;
      if (group.examples.length < maxExamples) group.examples.push(failure.rowLabel);
    }
  }
  return sortGroups([...groups.values()]);
}

export interface FailureSummaryLimits {
  maxReasons: number;
  maxExamples: number;
  maxReasonLength: number;
  maxExampleLength: number;
}

export const DEFAULT_FAILURE_SUMMARY_LIMITS: FailureSummaryLimits = {
  maxReasons: 5,
  maxExamples: 3,
  maxReasonLength: 240,
  maxExampleLength: 80,
};

export interface FailureSummaryLine {
  countText: string;
  reasonText: string;
  hasExamples: boolean;
  examplesText: string;
}

export interface FailureSummary {
  lines: FailureSummaryLine[];
  hiddenReasons: number;
  hiddenRows: number;
}

/** The bounded, escaped part of the failure groups a card can show; the rest is left to the results file. */
export function summarizeFailures(groups: readonly FailureGroup[], limits: FailureSummaryLimits = DEFAULT_FAILURE_SUMMARY_LIMITS): FailureSummary {
  const sorted = sortGroups([...groups]);
  const shown = sorted.slice(0, limits.maxReasons);
  const hidden = sorted.slice(limits.maxReasons);
  return {
    lines: shown.map((group) => {
      const examples = group.examples.slice(0, limits.maxExamples).map((e) => escapeCardLine(e, limits.maxExampleLength));
      return {
        countText: countOf(group.count, 'row'),
        reasonText: escapeCardLine(group.reason, limits.maxReasonLength),
        hasExamples: examples.length > 0,
        examplesText: `e.g. ${examples.join(', ')}`,
      };
    }),
    hiddenReasons: hidden.length,
    hiddenRows: hidden.reduce((sum, group) => sum + group.count, 0),
  };
}

function sortGroups(groups: FailureGroup[]): FailureGroup[] {
  // Ordinal tie-break: stable across locales and fast for thousands of long reasons.
  return groups.sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}
