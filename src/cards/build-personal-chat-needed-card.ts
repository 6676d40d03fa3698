import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { escapeCardLine, escapeCardText } from './escape-card-text';

export interface PersonalChatNeededView {
  /** e.g. "Attach the CSV in our personal chat". */
  title: string;
  /** Why, and what to do there, e.g. "Teams gives files to bots only in a 1:1 chat. Send `create users` there with the CSV." */
  message: string;
  /** The bot's Microsoft App ID; without it (local mode) there is no link to open the chat. */
  botAppId?: string;
}

const APP_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Teams' deep link that opens (or creates) the 1:1 chat with a bot: `28:` + its app id. */
export function personalChatLink(botAppId: string): string | undefined {
  return APP_ID.test(botAppId) ? `https://teams.microsoft.com/l/chat/0/0?users=28:${botAppId}` : undefined;
}

export function buildPersonalChatNeededCard(view: PersonalChatNeededView): AdaptiveCardJson {
  const link = view.botAppId === undefined ? undefined : personalChatLink(view.botAppId);
  return expandCardTemplate('personal-chat-needed', {
    title: escapeCardLine(view.title, 160),
    message: escapeCardText(view.message),
    hasChatLink: link !== undefined,
    chatLink: link ?? '',
    noLinkText: 'Open a 1:1 chat with Entra Bulk Admin from the Teams app bar or by searching for it in a new chat.',
  });
}
