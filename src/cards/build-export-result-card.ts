import type { AdaptiveCardJson } from './adaptive-card-json';
import { cardPlainText } from './card-button-title';
import { expandCardTemplate } from './card-template';
import { escapeCardLine } from './escape-card-text';
import { formatCount } from './format';
import { safeCardUrl } from './safe-card-url';

export interface ExportResultView {
  /** What was exported, plural, e.g. "users", "groups", "members of Sales". */
  subject: string;
  rows: number;
  fileName: string;
  /** The filter as the admin gave it, e.g. "department is Sales". */
  filter?: string;
  /** A link to the file (local mode); without it, `delivery` says where the file went. */
  url?: string;
  /** e.g. "I sent users.csv to our personal chat; choose Allow there to save it to your OneDrive." */
  delivery?: string;
  /** How the export ran when not as planned, e.g. "Graph refused range queries (ge) on userPrincipalName…". */
  notes?: readonly string[];
}

export function buildExportResultCard(view: ExportResultView): AdaptiveCardJson {
  const url = view.url === undefined ? undefined : safeCardUrl(view.url);
  const name = escapeCardLine(view.fileName, 120);
  return expandCardTemplate('export-result', {
    eyebrow: 'Export',
    title: `Exported ${formatCount(view.rows)} ${escapeCardLine(view.subject, 120)}`,
    hasFilter: view.filter !== undefined && view.filter !== '',
    filterText: `Only where ${escapeCardLine(view.filter ?? '', 200)}`,
    fileText: url !== undefined ? `Every row is in **${name}**.` : escapeCardLine(view.delivery ?? `Every row is in ${view.fileName}.`, 300),
    hasUrl: url !== undefined,
    url: url ?? '',
    openTitle: `Open ${cardPlainText(view.fileName, 40)}`,
    hasNotes: (view.notes ?? []).length > 0,
    notesText: (view.notes ?? []).map((note) => escapeCardLine(note, 400)).join('\n\n'),
  });
}
