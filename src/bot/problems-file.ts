import { randomUUID } from 'node:crypto';
import type { CardFileRef } from '../cards/shared-views';
import { MAX_SHOWN_PROBLEMS } from '../cards/build-validation-summary-card';
import { csvReadable } from '../csv/write-csv';
import type { RowError } from '../csv/validate-rows';
import { rowErrorText } from '../csv/validate-rows';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { DELIVERABLE_FILES, deliveryText, recordExportOwner } from './file-delivery';
import type { TurnActor } from './turn-actor';

/**
 * The whole problem list of a refused file, when the card can show only the first ones: stored like an export (only the
 * admin who sent the file may fetch it) and handed over as a link (local mode) or a consent card (Teams).
 */
export async function deliverProblemsFile(
  runtime: BotRuntime,
  chat: Chat,
  actor: TurnActor,
  errors: readonly RowError[],
): Promise<CardFileRef | undefined> {
  if (errors.length <= MAX_SHOWN_PROBLEMS) return undefined;
  const id = `problems-${randomUUID()}`;
  const name = DELIVERABLE_FILES.problems;
  const csv = csvReadable(
    [
      { header: 'Line', value: (e: RowError) => e.line },
      { header: 'Column', value: (e: RowError) => e.column },
      { header: 'Problem', value: (e: RowError) => rowErrorText(e) },
    ],
    errors,
  );
  await runtime.deps.store.putFile(id, name, csv);
  await recordExportOwner(runtime.deps.store, id, actor.aadObjectId);
  const delivered = await runtime.files.deliver(chat, { id, kind: 'problems' }, { aadObjectId: actor.aadObjectId, mri: actor.mri, tenantId: actor.tenantId }, name);
  if (delivered.ok && delivered.via === 'link') return { name, url: delivered.url };
  runtime.logger.debug({ delivered: deliveryText(delivered, name) }, 'problems file offered');
  return { name };
}
