import { MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { toCardAttachment } from '../cards/adaptive-card-json';
import type { AdaptiveCardJson } from '../cards/adaptive-card-json';

/** Replaces the card the bot posted as `activityId` with `card`, in place. */
export async function updateCard(context: TurnContext, activityId: string, card: AdaptiveCardJson): Promise<void> {
  const message = MessageFactory.attachment(toCardAttachment(card));
  message.id = activityId;
  await context.updateActivity(message);
}
