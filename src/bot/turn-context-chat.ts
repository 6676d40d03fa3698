import { MessageFactory, TurnContext } from 'botbuilder';
import type { Activity, ConversationParameters, ConversationReference } from 'botbuilder';
import { toCardAttachment } from '../cards/adaptive-card-json';
import type { AdaptiveCardJson, JsonObject } from '../cards/adaptive-card-json';
import type { Chat, ChatMember, Reply, TurnFacts } from './chat-turn';
import { FILE_CONSENT_CARD, FILE_INFO_CARD } from './teams-content-types';

/** The Bot Framework side of the bot: turns a TurnContext into our Chat port, and our replies into activities. */

export function turnFactsOf(activity: Activity): TurnFacts {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const conversation = activity.conversation as Activity['conversation'] | undefined;
  return {
    type: activity.type,
    ...(activity.name !== undefined ? { name: activity.name } : {}),
    text: activity.text ?? '',
    from: {
      id: activity.from?.id ?? '',
      ...(activity.from?.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
      ...(activity.from?.name !== undefined ? { name: activity.from.name } : {}),
    },
    conversation: {
      id: conversation?.id ?? '',
      ...(conversation?.tenantId !== undefined ? { tenantId: conversation.tenantId } : {}),
      ...(conversation?.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
      ...(conversation?.conversationType !== undefined ? { conversationType: conversation.conversationType } : {}),
    },
    ...(typeof channelTenant === 'string' ? { channelTenantId: channelTenant } : {}),
    attachments: activity.attachments ?? [],
    ...(activity.value !== undefined ? { value: activity.value as unknown } : {}),
    ...(activity.replyToId ? { replyToId: activity.replyToId } : {}),
  };
}

/** A reply as the activity Teams expects. */
export function activityOf(reply: Reply): Partial<Activity> {
  switch (reply.kind) {
    case 'text':
      return MessageFactory.text(reply.text);
    case 'card': {
      const message = MessageFactory.attachment(toCardAttachment(reply.card));
      if (reply.text !== undefined) message.text = reply.text;
      return message;
    }
    case 'file-consent': {
      const context = { id: reply.context.id, kind: reply.context.kind };
      return {
        attachments: [
          { contentType: FILE_CONSENT_CARD, name: reply.name, content: { description: reply.description, sizeInBytes: reply.sizeInBytes, acceptContext: context, declineContext: context } },
        ],
      };
    }
    case 'file-info':
      return { attachments: [{ contentType: FILE_INFO_CARD, contentUrl: reply.contentUrl, name: reply.name, content: { uniqueId: reply.uniqueId, fileType: reply.fileType } }] };
    case 'attachment':
      return { attachments: [reply.attachment] };
  }
}

// botbuilder's CloudAdapter picks the Bot Framework channel audience when this is undefined; its type says string.
const DEFAULT_AUDIENCE = undefined as unknown as string;

/** The Chat port over one Bot Framework turn (a request's, or a proactive one's). */
export function turnContextChat(context: TurnContext, botAppId = ''): Chat {
  return {
    facts: turnFactsOf(context.activity),
    async send(reply) {
      // Plain text goes as botbuilder's own text message, as it always did.
      const response = reply.kind === 'text' ? await context.sendActivity(reply.text) : await context.sendActivity(activityOf(reply));
      return response?.id ? { id: response.id } : {};
    },
    async update(id: string, card: AdaptiveCardJson) {
      const message = MessageFactory.attachment(toCardAttachment(card));
      message.id = id;
      await context.updateActivity(message);
    },
    conversationReference() {
      return JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as JsonObject;
    },
    async sendToPersonalChat(member: ChatMember, reply: Reply) {
      const activity = context.activity;
      const parameters: ConversationParameters = {
        isGroup: false,
        bot: activity.recipient,
        members: [{ id: member.mri, name: '' }],
        tenantId: member.tenantId,
        channelData: { tenant: { id: member.tenantId } },
      };
      await context.adapter.createConversationAsync(botAppId, activity.channelId, activity.serviceUrl, DEFAULT_AUDIENCE, parameters, async (personal) => {
        // The new chat's turn carries the conversation id as its activity id; the message is a new one, not a reply.
        personal.onSendActivities(async (_ctx, activities, next) => {
          for (const sent of activities) delete sent.replyToId;
          return next();
        });
        await personal.sendActivity(activityOf(reply));
      });
    },
  };
}

/** The part of botbuilder's CloudAdapter that runs a turn for a stored conversation. */
export interface ConversationContinuer {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** Proactive sends (job cards, results files) over the adapter, from a stored conversation reference. */
export function proactiveChats(adapter: ConversationContinuer, botAppId: string): (reference: Record<string, unknown>, logic: (chat: Chat) => Promise<void>) => Promise<void> {
  return (reference, logic) => adapter.continueConversationAsync(botAppId, reference as Partial<ConversationReference>, (context) => logic(turnContextChat(context, botAppId)));
}
