import type { AdaptiveCardJson, JsonObject } from '../cards/adaptive-card-json';

/** A file or card attached to an activity, as the channel sends it (a Teams file's download info, an HTML part). */
export interface ChatAttachment {
  contentType: string;
  name?: string;
  content?: unknown;
  contentUrl?: string;
}

/** What the handlers read of an inbound activity; the adapter builds it, so no handler sees the Bot Framework's types. */
export interface TurnFacts {
  /** `message`, `invoke`, `event`, … */
  type: string;
  /** An invoke's or event's name, e.g. `signin/verifyState`. */
  name?: string;
  text: string;
  from: { id: string; aadObjectId?: string; name?: string };
  conversation: { id: string; tenantId?: string; isGroup?: boolean; conversationType?: string };
  /** `channelData.tenant.id`, which Teams sends when `conversation.tenantId` is missing. */
  channelTenantId?: string;
  attachments: readonly ChatAttachment[];
  value?: unknown;
  /** The message an invoke came from, i.e. the card whose button was pressed. */
  replyToId?: string;
}

/** What a consent card carries back when the person answers: which stored file, never its content. */
export interface FileConsentContext {
  id: string;
  kind: string;
}

/** One thing the bot says. */
export type Reply =
  | { kind: 'text'; text: string }
  /** `text` is what clients without card support (and transcripts) show. */
  | { kind: 'card'; card: AdaptiveCardJson; text?: string }
  | { kind: 'file-consent'; name: string; description: string; sizeInBytes: number; context: FileConsentContext }
  | { kind: 'file-info'; name: string; contentUrl: string; uniqueId: string; fileType: string }
  /** A channel-specific attachment produced by the channel's own code (e.g. the sign-in card). */
  | { kind: 'attachment'; attachment: ChatAttachment };

export interface SentReply {
  /** The message id, for updating it in place later; undefined when the channel returned none. */
  id?: string;
}

/** Who a personal chat is opened with: their Teams MRI (`29:…`) in their tenant. */
export interface ChatMember {
  mri: string;
  tenantId: string;
}

/**
 * The conversation a handler talks to. The adapter implements it over the channel's turn (or a proactive turn from a
 * stored conversation reference); handlers that need nothing mid-way return their replies instead.
 */
export interface Chat {
  readonly facts: TurnFacts;
  send(reply: Reply): Promise<SentReply>;
  /** Replaces the card posted as `id` with `card`, in place. */
  update(id: string, card: AdaptiveCardJson): Promise<void>;
  /** This conversation, serialisable, for proactive sends later (job progress, results). */
  conversationReference(): JsonObject;
  /** Opens (or reuses) the 1:1 chat with `member` and sends `reply` there as a new message. */
  sendToPersonalChat(member: ChatMember, reply: Reply): Promise<void>;
}

export function textReply(text: string): Reply {
  return { kind: 'text', text };
}

export function cardReply(card: AdaptiveCardJson, text?: string): Reply {
  return text === undefined ? { kind: 'card', card } : { kind: 'card', card, text };
}

export async function sendAll(chat: Chat, replies: readonly Reply[]): Promise<void> {
  for (const reply of replies) await chat.send(reply);
}

/** A personal (1:1) chat, where Teams hands files to bots. */
export function isPersonalConversation(facts: TurnFacts): boolean {
  const conversation = facts.conversation;
  if (conversation.conversationType) return conversation.conversationType === 'personal';
  return conversation.isGroup !== true;
}

/** A group chat or channel (for cards' read-only views and the "personal chat needed" answers). */
export function isGroupConversation(facts: TurnFacts): boolean {
  return facts.conversation.isGroup === true || (facts.conversation.conversationType ?? 'personal') !== 'personal';
}

/** Sends one plain-text message. */
export function say(chat: Chat, text: string): Promise<SentReply> {
  return chat.send(textReply(text));
}
