import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { escapeCardLine, escapeCardText } from './escape-card-text';
import { countOf, formatCount } from './format';
import { safeCardUrl } from './safe-card-url';
import type { CardFileRef } from './shared-views';

export interface RowProblem {
  /** Line in the file as a spreadsheet shows it. */
  line?: number;
  /** Column header, e.g. "User name [userPrincipalName]". */
  column?: string;
  message: string;
}

export interface ValidationSummaryView {
  kindLabel: string;
  fileName: string;
  totalRows: number;
  validRows: number;
  /** Rows with at least one problem. */
  invalidRows: number;
  /** The first problems (only MAX_SHOWN_PROBLEMS are shown); `problemCount` is the full number. */
  problems: readonly RowProblem[];
  problemCount: number;
  /** Problems with the file itself: missing columns, wrong template, too many rows. */
  fileProblems?: readonly string[];
  errorFile?: CardFileRef;
  /** What happens now, e.g. "Fix the rows and send the file again." */
  nextStep: string;
}

export const MAX_SHOWN_PROBLEMS = 10;

export function buildValidationSummaryCard(view: ValidationSummaryView): AdaptiveCardJson {
  const problems = view.problems.slice(0, MAX_SHOWN_PROBLEMS);
  const fileProblems = (view.fileProblems ?? []).slice(0, 5);
  const hidden = Math.max(0, view.problemCount - problems.length);
  const errorUrl = view.errorFile?.url === undefined ? undefined : safeCardUrl(view.errorFile.url);
  const fileNote = view.errorFile === undefined ? '' : ` in **${escapeCardLine(view.errorFile.name, 120)}**`;
  const clean = view.invalidRows === 0 && fileProblems.length === 0;
  return expandCardTemplate('validation-summary', {
    eyebrow: `${escapeCardLine(view.kindLabel, 80)} · File check`,
    title: escapeCardLine(view.fileName, 120),
    headline: clean
      ? `All ${countOf(view.totalRows, 'row')} look right`
      : fileProblems.length > 0
        ? "This file can't be used as it is"
        : `${formatCount(view.invalidRows)} of ${countOf(view.totalRows, 'row')} need fixing`,
    headlineColor: clean ? 'good' : 'attention',
    tiles: [
      { value: formatCount(view.totalRows), label: 'Rows', color: 'default' },
      { value: formatCount(view.validRows), label: 'Valid', color: view.validRows > 0 ? 'good' : 'default' },
      { value: formatCount(view.invalidRows), label: 'With problems', color: view.invalidRows > 0 ? 'attention' : 'default' },
    ],
    hasFileProblems: fileProblems.length > 0,
    fileProblems: fileProblems.map((p) => ({ text: escapeCardLine(p, 300) })),
    hasProblems: problems.length > 0,
    problemsHeading: hidden > 0 ? `First ${countOf(problems.length, 'problem')}` : 'Problems',
    problems: problems.map((p) => ({
      lineText: p.line === undefined ? '—' : `Line ${formatCount(p.line)}`,
      hasColumn: p.column !== undefined && p.column !== '',
      column: escapeCardLine(p.column ?? '', 100),
      message: escapeCardLine(p.message, 300),
    })),
    hasMoreProblems: hidden > 0 || view.errorFile !== undefined,
    moreProblemsText:
      hidden > 0 ? `and ${countOf(hidden, 'more problem')}${fileNote || ' not shown'}.` : `The full list is also${fileNote}.`,
    nextStep: escapeCardText(view.nextStep),
    hasErrorFileUrl: errorUrl !== undefined,
    errorFileUrl: errorUrl ?? '',
  });
}
