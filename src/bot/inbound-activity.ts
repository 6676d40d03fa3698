import { z } from 'zod';

const present = z.string().min(1);
const withId = z.object({ id: present }).passthrough();

/** What botbuilder and teams-ai read from every activity before any of our code runs. */
const inboundActivitySchema = z
  .object({
    type: present,
    channelId: present,
    serviceUrl: present,
    from: withId,
    recipient: withId,
    conversation: withId,
  })
  .passthrough();

type RequiredField = 'type' | 'channelId' | 'serviceUrl' | 'from.id' | 'recipient.id' | 'conversation.id';
const FIELD_ORDER: readonly RequiredField[] = ['type', 'channelId', 'serviceUrl', 'from.id', 'recipient.id', 'conversation.id'];
const FIELD_BY_KEY: Record<string, RequiredField> = {
  type: 'type',
  channelId: 'channelId',
  serviceUrl: 'serviceUrl',
  from: 'from.id',
  recipient: 'recipient.id',
  conversation: 'conversation.id',
};

/** A checked activity, still in the Bot Framework's shape; the endpoint hands it to the adapter as it is. */
export type CheckedActivity = Record<string, unknown> & { type: string };

export type InboundActivityCheck = { ok: true; activity: CheckedActivity } | { ok: false; missing: RequiredField[] };

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the fields the Bot Framework pipeline relies on, then converts timestamps as botbuilder's own validator does. */
export function checkInboundActivity(value: Record<string, unknown>): InboundActivityCheck {
  const parsed = inboundActivitySchema.safeParse(value);
  if (!parsed.success) {
    const missing = new Set<RequiredField>();
    for (const issue of parsed.error.issues) {
      const field = FIELD_BY_KEY[String(issue.path[0])];
      if (field) missing.add(field);
    }
    return { ok: false, missing: FIELD_ORDER.filter((field) => missing.has(field)) };
  }
  return { ok: true, activity: withDates(parsed.data) };
}

export function missingFieldsMessage(missing: readonly RequiredField[]): string {
  const names = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1] ?? ''}` : (missing[0] ?? 'type');
  return `The activity must have ${names}.`;
}

function withDates(activity: CheckedActivity): CheckedActivity {
  const raw: Record<string, unknown> = activity;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const text = raw[field];
    if (typeof text === 'string') {
      raw[rawField] = text;
      raw[field] = new Date(text);
    }
  }
  return activity;
}
