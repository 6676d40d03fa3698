import { createHash } from 'node:crypto';
import { buildValidationSummaryCard } from '../cards/build-validation-summary-card';
import { escapeCardLine, escapeCardText } from '../cards/escape-card-text';
import { DEFAULT_CSV_LIMITS } from '../csv/csv-limits';
import type { BulkKind } from '../operations/catalogue';
import type { OperationOptions, RowPlan } from '../operations/bulk-operation';
import { templateHeaderText } from '../csv/csv-template';
import { csvLine } from '../csv/write-csv';
import { csvTemplateFor } from '../operations/csv-kinds';
import { definitionOf, operationFor, planValidatedRows } from '../operations/catalogue';
import { parseKindCsv } from '../operations/csv-kinds';
import type { CsvKind } from '../operations/csv-kinds';
import type { RowValidation } from '../csv/validate-rows';
import { rowErrorText, validationNotes } from '../csv/validate-rows';
import { GroupPlanError } from '../operations/group-membership';
import { downloadAttachment } from './attachment-download';
import type { BotRuntime } from './bot-deps';
import type { Chat, ChatAttachment, TurnFacts } from './chat-turn';
import { FILE_DOWNLOAD_INFO } from './teams-content-types';
import { say } from './chat-turn';
import { proposeJob, sendCard } from './plan-confirmation';
import { deliverProblemsFile } from './problems-file';
import type { Connected } from './recycle-bin-commands';

export { FILE_DOWNLOAD_INFO };
/** The CLI's limit too, so both refuse the same files with the same words. */
export const DEFAULT_MAX_UPLOAD_BYTES = DEFAULT_CSV_LIMITS.maxBytes;
const MAX_NOTICES = 10;

export function fileAttachments(facts: TurnFacts): ChatAttachment[] {
  return facts.attachments.filter((a) => a.contentType === FILE_DOWNLOAD_INFO);
}

export interface CsvRequest {
  expected?: CsvKind;
  group?: string;
}

/** A CSV attachment → its kind → validated rows → a validation summary, or a dry run and a confirm card. */
export async function handleCsvAttachment(runtime: BotRuntime, chat: Chat, connected: Connected, attachment: ChatAttachment, request: CsvRequest): Promise<void> {
  const fileName = attachment.name ?? 'upload.csv';
  const fileType = (attachment.content as { fileType?: unknown } | undefined)?.fileType;
  if (!/\.csv$/i.test(fileName) && fileType !== 'csv') {
    await say(chat, `"${escapeCardLine(fileName, 120)}" is not a CSV file. Save it as CSV (UTF-8) in Excel and attach it again; \`template <kind>\` gives you the format.`);
    return;
  }
  const maxBytes = runtime.deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const download = await downloadAttachment(runtime, attachment, maxBytes);
  if (!download.ok) {
    await say(chat, download.tooLarge ? cantUse(fileName, download.message) : download.message);
    return;
  }
  const parsed = parseKindCsv(download.bytes, { ...(request.expected ? { expected: request.expected } : {}), limits: { maxBytes } });
  if (!parsed.ok) {
    await say(chat, cantUse(fileName, parsed.problem.message));
    return;
  }
  const kind: BulkKind = parsed.kind;
  const validation = parsed.validation as RowValidation<unknown>;
  const title = operationFor(kind).title;
  if (validation.errors.length > 0 || validation.valid.length === 0) {
    const invalidLines = new Set(validation.errors.map((e) => e.line));
    const errorFile = await deliverProblemsFile(runtime, chat, connected.actor, validation.errors);
    await sendCard(
      chat,
      buildValidationSummaryCard({
        kindLabel: title,
        fileName,
        // The portal template's example row is skipped, not a row of the admin's: the tiles must add up without it.
        totalRows: validation.totalRows - validation.exampleRows.length,
        validRows: validation.valid.length,
        invalidRows: invalidLines.size,
        problems: validation.errors.map((e) => ({ line: e.line, column: e.column, message: rowErrorText(e) })),
        problemCount: validation.errors.length,
        ...(errorFile ? { errorFile } : {}),
        ...(validation.problem ? { fileProblems: [validation.problem.message] } : {}),
        nextStep: 'Fix these rows and attach the file again. Nothing was changed.',
      }),
    );
    return;
  }
  const groupCommand = definitionOf(kind).chat.groupCommand;
  if (groupCommand && !request.group) {
    await say(chat, `Which group? Attach the file again with \`${groupCommand} <group>\`.`);
    return;
  }
  const options = request.group ? { group: request.group } : {};
  let plan;
  try {
    plan = await planValidatedRows(kind, validation, { graph: connected.graph, caller: connected.caller, now: runtime.now, options });
  } catch (error) {
    if (error instanceof GroupPlanError) {
      await say(chat, error.message);
      return;
    }
    throw error;
  }
  const notes = validationNotes(validation);
  if (notes.length > MAX_NOTICES) notes.splice(MAX_NOTICES, notes.length, `…and ${notes.length - MAX_NOTICES} more notes (entra-bulk validate lists them all).`);
  await proposeJob(runtime, chat, {
    actor: connected.actor,
    caller: connected.caller,
    plan: { ...plan, notices: [...notes, ...plan.notices] },
    options,
    source: { type: 'file', fileName, sizeBytes: download.bytes.byteLength, sha256: createHash('sha256').update(download.bytes).digest('hex') },
  });
}

/**
 * The file-level refusal, worded as the CLI's `<file>: <problem>` so both say the same thing. Teams renders
 * message text as markdown, and the name and the problem can quote the file (its header cells), so both are escaped.
 */
function cantUse(fileName: string, problem: string): string {
  return escapeCardText(`I can't use "${fileName}": ${problem}`);
}

/** A target the chat could not resolve to one object: shown on the confirm card as a row that will not run. */
export interface UnresolvedTarget {
  typed: string;
  note: string;
}

/** Typed values → the kind's CSV file, as a person would have filled in its template (every column, in order). */
export function typedRowsCsv(kind: CsvKind, rows: ReadonlyArray<Readonly<Record<string, string>>>): Uint8Array {
  const template = csvTemplateFor(kind);
  const columns = template.columns.filter((column) => !column.secret);
  const plain = { escapeFormulas: false };
  let text = template.version ? `version:${template.version}\r\n` : '';
  text += csvLine(columns.map(templateHeaderText), plain);
  for (const row of rows) text += csvLine(columns.map((column) => row[column.token] ?? ''), plain);
  return new TextEncoder().encode(text);
}

/**
 * Several targets typed in one message become one job through the CSV path (rows as if from a file), so the engine
 * and the dry run are the ones a file gets. Targets that could not be resolved are added as rows that will not run.
 */
export async function proposeTypedRows(
  runtime: BotRuntime,
  chat: Chat,
  connected: Connected,
  kind: CsvKind & BulkKind,
  rows: ReadonlyArray<Readonly<Record<string, string>>>,
  extra: { options?: OperationOptions; unresolved?: readonly UnresolvedTarget[]; noticesFor?: (rows: readonly RowPlan[]) => string[] } = {},
): Promise<void> {
  const unresolved = extra.unresolved ?? [];
  if (rows.length === 0) {
    await say(chat, escapeCardText(unresolved.map((u) => `"${u.typed}" ${u.note}.`).join('\n\n') || 'Nothing to do.'));
    return;
  }
  const parsed = parseKindCsv(typedRowsCsv(kind, rows), { expected: kind });
  if (!parsed.ok) {
    await say(chat, escapeCardText(parsed.problem.message));
    return;
  }
  const validation = parsed.validation as RowValidation<unknown>;
  if (validation.errors.length > 0) {
    // A typed value has no file line: the column names the value, as a file's problem list would.
    const problems = validation.errors.map((e) => `${e.column}: ${rowErrorText(e)}`);
    await say(chat, escapeCardText(`I can't use that. ${problems.join(' ')} Nothing was changed.`));
    return;
  }
  const options = extra.options ?? {};
  let plan;
  try {
    plan = await planValidatedRows(kind, validation, { graph: connected.graph, caller: connected.caller, now: runtime.now, options });
  } catch (error) {
    if (error instanceof GroupPlanError) {
      await say(chat, escapeCardText(error.message));
      return;
    }
    throw error;
  }
  // Typed targets have no file lines to point at.
  const planned: RowPlan[] = plan.rows.map(({ line: _line, ...row }) => row);
  const unresolvedRows: RowPlan[] = unresolved.map((u, i) => ({ rowIndex: planned.length + i, input: { target: u.typed }, label: u.typed, outcome: 'fail', note: u.note }));
  await proposeJob(runtime, chat, {
    actor: connected.actor,
    caller: connected.caller,
    plan: { ...plan, rows: [...planned, ...unresolvedRows], notices: [...plan.notices, ...(extra.noticesFor?.(planned) ?? [])] },
    options,
    source: { type: 'command', text: chat.facts.text },
  });
}
