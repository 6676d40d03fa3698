import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PlaygroundUser } from './playground-config';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** What `GET /_internal/v1/customActivities/template` answers: the Playground's addressing for a conversation. */
export const activityTemplateSchema = z
  .object({
    channelId: z.string(),
    serviceUrl: z.string(),
    recipient: z.object({ id: z.string(), name: z.string().optional() }).passthrough(),
    conversation: z.object({ id: z.string() }).passthrough(),
    from: z.object({ id: z.string() }).passthrough(),
  })
  .passthrough();

export type ActivityTemplate = z.infer<typeof activityTemplateSchema>;

export interface SampleActivityInput {
  template: ActivityTemplate;
  /** The file to attach: e.g. http://127.0.0.1:3978/samples/restore-users.csv and its name; none for a plain message. */
  file?: { downloadUrl: string; name: string };
  /** Text sent with the file, e.g. "add members to Sales and Marketing"; in a group chat it must mention the bot. */
  text?: string;
  /** Send as this user instead of the Playground's current user. */
  from?: PlaygroundUser;
}

/**
 * A Teams message, with a file attachment as Teams delivers it to a bot, and/or from another user: the Playground has no
 * upload button and one fixed current user, so this is pasted into "Mock an Activity → Custom activity" (as single-line
 * JSON: its editor mangles pretty-printed JSON).
 */
export function sampleActivity(input: SampleActivityInput): Record<string, unknown> {
  const { template } = input;
  const from = input.from ? { id: input.from.id, name: input.from.name, aadObjectId: input.from.aadObjectId } : template.from;
  return {
    ...template,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    type: 'message',
    text: input.text ?? '',
    from,
    ...(input.file
      ? {
          attachments: [
            {
              contentType: FILE_DOWNLOAD_INFO,
              name: input.file.name,
              contentUrl: input.file.downloadUrl,
              content: { downloadUrl: input.file.downloadUrl, uniqueId: randomUUID(), fileType: 'csv' },
            },
          ],
        }
      : {}),
  };
}
