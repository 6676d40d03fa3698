import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { JobStore } from '../jobs/job-store';
import { RESULTS_FILE_NAME } from '../jobs/results-csv';
import type { Chat, Reply } from './chat-turn';
import { isPersonalConversation } from './chat-turn';
import { measureStream } from './file-upload';
import { FILE_CONSENT_CARD, FILE_INFO_CARD } from './teams-content-types';

export { FILE_CONSENT_CARD, FILE_INFO_CARD };

/** Files the bot hands out, by kind, with the name each has in the job store. */
export const DELIVERABLE_FILES = {
  results: RESULTS_FILE_NAME,
  users: 'users.csv',
  groups: 'groups.csv',
  'group-members': 'group-members.csv',
  problems: 'problems.csv',
} as const;

export type DeliverableKind = keyof typeof DELIVERABLE_FILES;

/** What a consent card carries back: the job (or export) id and the kind of file, never the content. */
export const storedFileRefSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,80}$/),
  kind: z.enum(Object.keys(DELIVERABLE_FILES) as [DeliverableKind, ...DeliverableKind[]]),
});

export type StoredFileRef = z.infer<typeof storedFileRefSchema>;

/** Who gets the file: the person who asked (the job's initiator or the export's requester). */
export interface FileRecipient {
  aadObjectId: string;
  /** Teams MRI (`29:…`), the member of the 1:1 chat created from a group or channel. */
  mri: string;
  tenantId: string;
}

export type FileDeliveryResult =
  | { ok: true; via: 'link'; url: string }
  | { ok: true; via: 'consent'; where: 'here' | 'personal-chat' }
  | { ok: false; message: string };

/**
 * How results and exports reach people. Teams: a FileConsentCard in the requester's personal chat (the upload happens
 * when they accept). Local mode: a link to the bot's `/files/…` route, since the Playground has no file consent.
 */
export interface FileDelivery {
  readonly mode: 'link' | 'consent';
  /** A link cards can open; only in link mode. */
  linkFor(file: StoredFileRef): string | undefined;
  deliver(chat: Chat, file: StoredFileRef, recipient: FileRecipient, shownName: string): Promise<FileDeliveryResult>;
}

/** The marker naming who asked for an export (results belong to the job's initiator). */
export const EXPORT_OWNER_FILE = 'requested-by';

export async function recordExportOwner(store: JobStore, fileId: string, aadObjectId: string): Promise<void> {
  await store.putFile(fileId, EXPORT_OWNER_FILE, Buffer.from(aadObjectId, 'utf8'));
}

async function readSmall(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.length > 200) break;
  }
  stream.destroy();
  return text;
}

/** The object id of the only person who may receive this file, or undefined when the file is unknown. */
export async function fileOwnerOf(store: JobStore, file: StoredFileRef): Promise<string | undefined> {
  if (file.kind === 'results') return (await store.getJob(file.id))?.job.initiator.objectId;
  const marker = await store.getFile(file.id, EXPORT_OWNER_FILE);
  return marker ? (await readSmall(marker)).trim() : undefined;
}

export function openStoredFile(store: JobStore, file: StoredFileRef): Promise<Readable | undefined> {
  return store.getFile(file.id, DELIVERABLE_FILES[file.kind]);
}

export class LinkFileDelivery implements FileDelivery {
  readonly mode = 'link' as const;

  constructor(private readonly filesBaseUrl: string | undefined) {}

  linkFor(file: StoredFileRef): string | undefined {
    if (!this.filesBaseUrl) return undefined;
    return `${this.filesBaseUrl.replace(/\/+$/, '')}/files/${file.id}/${DELIVERABLE_FILES[file.kind]}`;
  }

  deliver(_chat: Chat, file: StoredFileRef): Promise<FileDeliveryResult> {
    const url = this.linkFor(file);
    return Promise.resolve(
      url
        ? { ok: true, via: 'link', url }
        : { ok: false, message: `The file is stored as ${file.id}/${DELIVERABLE_FILES[file.kind]}; set the bot's public URL (filesBaseUrl) to get a link.` },
    );
  }
}

export function fileConsentCard(file: StoredFileRef, shownName: string, sizeInBytes: number, description: string): Reply {
  return { kind: 'file-consent', name: shownName, description, sizeInBytes, context: { id: file.id, kind: file.kind } };
}

const DESCRIPTIONS: Record<DeliverableKind, string> = {
  results: 'Every row of the job and what happened to it.',
  users: 'The users you exported.',
  groups: 'The groups you exported.',
  'group-members': 'The group members you exported.',
  problems: 'Every problem found in the file you sent, by line and column.',
};

export class ConsentFileDelivery implements FileDelivery {
  readonly mode = 'consent' as const;

  constructor(private readonly store: JobStore) {}

  linkFor(): undefined {
    return undefined;
  }

  async deliver(chat: Chat, file: StoredFileRef, recipient: FileRecipient, shownName: string): Promise<FileDeliveryResult> {
    const stream = await openStoredFile(this.store, file);
    if (!stream) return { ok: false, message: `I no longer have ${shownName}; it may have been cleaned up.` };
    const size = await measureStream(stream);
    const card = fileConsentCard(file, shownName, size, DESCRIPTIONS[file.kind]);
    if (isPersonalConversation(chat.facts)) {
      await chat.send(card);
      return { ok: true, via: 'consent', where: 'here' };
    }
    // Teams delivers files only in personal chat: open (or reuse) the 1:1 chat with the requester and offer it there.
    try {
      await chat.sendToPersonalChat({ mri: recipient.mri, tenantId: recipient.tenantId }, card);
    } catch {
      return { ok: false, message: `I could not open a personal chat with you to send ${shownName}. Open a 1:1 chat with me (install the app for yourself) and ask again there.` };
    }
    return { ok: true, via: 'consent', where: 'personal-chat' };
  }
}

/** How a message tells the person where their file is. */
export function deliveryText(result: FileDeliveryResult, shownName: string): string {
  if (!result.ok) return result.message;
  if (result.via === 'link') return `[${shownName}](${result.url})`;
  return result.where === 'here'
    ? `${shownName} is on the card above: choose Allow to save it to your OneDrive.`
    : `I sent ${shownName} to our personal chat; choose Allow there to save it to your OneDrive.`;
}
