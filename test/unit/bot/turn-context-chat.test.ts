import { TestAdapter } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { isGroupConversation, isPersonalConversation } from '../../../src/bot/chat-turn';
import { FILE_CONSENT_CARD } from '../../../src/bot/teams-content-types';
import { turnContextChat, turnFactsOf } from '../../../src/bot/turn-context-chat';

const card = { type: 'AdaptiveCard' as const, version: '1.5', body: [] };

function message(extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    id: 'm1',
    channelId: 'msteams',
    text: 'restore Adele',
    from: { id: '29:alex', aadObjectId: 'alex-id', name: 'Alex Wilber' },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: '19:chat', isGroup: true, conversationType: 'groupChat', name: 'chat' },
    channelData: { tenant: { id: 'contoso' } },
    serviceUrl: 'http://127.0.0.1:9/',
    ...extra,
  };
}

describe('the Chat port over a Bot Framework turn', () => {
  it('reads what the handlers need from the activity', () => {
    const facts = turnFactsOf(message({ attachments: [{ contentType: 'text/html', content: '<p>x</p>' }] }) as Activity);
    expect(facts).toMatchObject({
      type: 'message',
      text: 'restore Adele',
      from: { id: '29:alex', aadObjectId: 'alex-id', name: 'Alex Wilber' },
      conversation: { id: '19:chat', isGroup: true, conversationType: 'groupChat' },
      channelTenantId: 'contoso',
      attachments: [{ contentType: 'text/html' }],
    });
    expect(isGroupConversation(facts)).toBe(true);
    expect(isPersonalConversation(facts)).toBe(false);
    const personal = turnFactsOf({ type: 'message', conversation: { id: 'a:1' } } as Activity);
    expect(personal.text).toBe('');
    expect(isPersonalConversation(personal)).toBe(true);
  });

  it('sends texts, cards (with their fallback text) and file consent cards as activities', async () => {
    const adapter = new TestAdapter();
    await adapter.processActivity(message(), async (context: TurnContext) => {
      const chat = turnContextChat(context);
      await chat.send({ kind: 'text', text: 'hello' });
      await chat.send({ kind: 'card', card, text: 'fallback' });
      await chat.send({ kind: 'file-consent', name: 'r.csv', description: 'rows', sizeInBytes: 12, context: { id: 'job-1', kind: 'results' } });
      expect(chat.conversationReference()).toMatchObject({ conversation: { id: '19:chat' }, user: { id: '29:alex' } });
    });
    const [text, cardMessage, consent] = adapter.activeQueue;
    expect(text?.text).toBe('hello');
    expect(cardMessage?.text).toBe('fallback');
    expect(cardMessage?.attachments?.[0]).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
    expect(consent?.attachments?.[0]).toEqual({
      contentType: FILE_CONSENT_CARD,
      name: 'r.csv',
      content: { description: 'rows', sizeInBytes: 12, acceptContext: { id: 'job-1', kind: 'results' }, declineContext: { id: 'job-1', kind: 'results' } },
    });
  });
});
