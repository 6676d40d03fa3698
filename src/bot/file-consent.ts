import { z } from 'zod';
import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import type { CardActionData } from '../cards/card-action-data';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { say } from './chat-turn';
import { deliveryText, fileOwnerOf, openStoredFile, storedFileRefSchema } from './file-delivery';
import type { StoredFileRef } from './file-delivery';
import { measureStream, uploadInRanges } from './file-upload';
import { checkJobAction, statusCardFor } from './job-actions';
import { jobLabel } from './job-card-views';
import type { TurnActor } from './turn-actor';

const uploadInfoSchema = z.object({
  name: z.string().min(1),
  uploadUrl: z.string().min(1),
  contentUrl: z.string().min(1),
  uniqueId: z.string().min(1),
  fileType: z.string().default('csv'),
});

const consentResponseSchema = z.object({
  action: z.enum(['accept', 'decline']),
  context: storedFileRefSchema,
  uploadInfo: uploadInfoSchema.optional(),
});

type Checked = { ok: true; file: StoredFileRef } | { ok: false; message: string };

async function checkConsent(runtime: BotRuntime, chat: Chat, file: StoredFileRef): Promise<Checked> {
  const owner = await fileOwnerOf(runtime.deps.store, file);
  if (!owner) return { ok: false, message: 'I no longer have that file; it may have been cleaned up. Nothing was uploaded.' };
  if (owner !== chat.facts.from.aadObjectId) return { ok: false, message: 'Only the person who asked for this file can save it. Nothing was uploaded.' };
  return { ok: true, file };
}

/** `fileConsent/invoke` accept: upload the stored file to the session Teams opened, then show it as a file card. */
export async function acceptFileConsent(runtime: BotRuntime, chat: Chat, value: unknown): Promise<void> {
  const parsed = consentResponseSchema.safeParse(value);
  if (!parsed.success || !parsed.data.uploadInfo) {
    await say(chat, 'Teams sent the file answer without the details I need. Ask for the file again.');
    return;
  }
  const upload = parsed.data.uploadInfo;
  const checked = await checkConsent(runtime, chat, parsed.data.context);
  if (!checked.ok) {
    await say(chat, checked.message);
    return;
  }
  const sizing = await openStoredFile(runtime.deps.store, checked.file);
  const size = sizing ? await measureStream(sizing) : 0;
  const content = sizing ? await openStoredFile(runtime.deps.store, checked.file) : undefined;
  if (!content) {
    await say(chat, 'I no longer have that file; it may have been cleaned up. Nothing was uploaded.');
    return;
  }
  const uploaded = await uploadInRanges(content, upload.uploadUrl, size, {
    ...(runtime.deps.fetch ? { fetch: runtime.deps.fetch } : {}),
    ...(runtime.deps.uploadChunkBytes ? { chunkBytes: runtime.deps.uploadChunkBytes } : {}),
  });
  if (!uploaded.ok) {
    await say(chat, `I could not save ${upload.name} to your OneDrive: ${uploaded.reason}`);
    return;
  }
  await chat.send({ kind: 'file-info', contentUrl: upload.contentUrl, name: upload.name, uniqueId: upload.uniqueId, fileType: upload.fileType });
}

/** Declined: nothing is uploaded; say where the file can still be had. */
export async function declineFileConsent(runtime: BotRuntime, chat: Chat, value: unknown): Promise<void> {
  const parsed = consentResponseSchema.safeParse(value);
  if (!parsed.success) {
    await say(chat, 'OK, I did not send the file.');
    return;
  }
  const file = parsed.data.context;
  if (file.kind !== 'results') {
    await say(chat, 'OK, I did not send the file. Send the same `download …` command again whenever you want it.');
    return;
  }
  const stored = await runtime.deps.store.getJob(file.id);
  const label = stored ? jobLabel(stored.job) : file.id;
  await say(
    chat,
    `OK, I did not send the results file. You can still get it: type \`status ${label}\` and choose **Send me the results file** on the card` +
      (stored && stored.job.counters.failed > 0 ? `, or \`retry ${label}\` to run the failed rows again.` : '.'),
  );
}

/** The result card's "Send me the results file": the initiator gets it by file consent (Teams) or as a link (local). */
export async function sendResultsAction(runtime: BotRuntime, chat: Chat, actor: TurnActor, data: CardActionData): Promise<AdaptiveCardJson | string> {
  const checked = await checkJobAction(runtime, actor, data, 'get the results file of this job');
  if (!checked.ok) return checked.card;
  const job = checked.job;
  const name = `${jobLabel(job)}-results.csv`;
  const delivered = await runtime.files.deliver(chat, { id: job.id, kind: 'results' }, { aadObjectId: actor.aadObjectId, mri: actor.mri, tenantId: actor.tenantId }, name);
  if (!delivered.ok) return delivered.message;
  if (delivered.via === 'link') await say(chat, `The results of job ${jobLabel(job)}: ${deliveryText(delivered, name)}`);
  else if (delivered.where === 'personal-chat') await say(chat, deliveryText(delivered, name));
  return statusCardFor(runtime, job, actor);
}
