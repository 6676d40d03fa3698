import { TestAdapter, TurnContext } from 'botbuilder';
import type { Activity, ConversationReference, TokenResponse } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsTokenBroker } from '../../../src/bot/teams-token-broker';
import type { ProactiveAdapter, UserTokenService } from '../../../src/bot/teams-token-broker';

const KEY = Symbol('UserTokenClient');

function fakeService(tokens: Map<string, TokenResponse>, calls: string[]): UserTokenService {
  return {
    getUserToken: (userId, connectionName, _channelId, magicCode) => {
      calls.push(`get ${userId} ${connectionName} ${magicCode ?? ''}`);
      return Promise.resolve(tokens.get(userId));
    },
    getSignInResource: () => Promise.resolve({ signInLink: 'https://token.example/sign-in' }),
    signOutUser: (userId) => {
      tokens.delete(userId);
      return Promise.resolve();
    },
    exchangeToken: () => Promise.resolve(undefined),
  };
}

function fakeAdapter(service: UserTokenService, seen: Partial<ConversationReference>[]): ProactiveAdapter {
  return {
    UserTokenClientKey: KEY,
    async continueConversationAsync(_botAppId, reference, logic) {
      seen.push(reference);
      const context = new TurnContext(new TestAdapter(), { type: 'event', name: 'ContinueConversation', channelId: 'msteams', from: reference.user, conversation: reference.conversation } as Activity);
      context.turnState.set(KEY, service);
      await logic(context);
    },
  };
}

function turnFrom(aadObjectId: string): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, aadObjectId, name: 'Admin' },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    serviceUrl: 'https://smba.example/',
  } as Activity);
}

describe('TeamsTokenBroker', () => {
  it('has no provider for someone it has never seen in a conversation', () => {
    const broker = new TeamsTokenBroker(fakeAdapter(fakeService(new Map(), []), []), 'bot-id', 'graph');
    expect(broker.providerFor({ aadObjectId: 'a1' })).toBeUndefined();
  });

  it('asks the token service in a proactive turn on the admin\'s last conversation and caches until near expiry', async () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    const tokens = new Map<string, TokenResponse>([['29:a1', { token: 'tok-1', expiration: '2026-01-01T11:00:00Z', connectionName: 'graph', channelId: 'msteams' }]]);
    const calls: string[] = [];
    const seen: Partial<ConversationReference>[] = [];
    const broker = new TeamsTokenBroker(fakeAdapter(fakeService(tokens, calls), seen), 'bot-id', 'graph', () => now);
    broker.remember(turnFrom('a1'));
    const provider = broker.providerFor({ aadObjectId: 'a1' });
    expect(await provider?.getToken()).toEqual({ ok: true, token: 'tok-1', expiresOn: Date.parse('2026-01-01T11:00:00Z') });
    expect(await provider?.getToken()).toMatchObject({ ok: true, token: 'tok-1' });
    expect(calls).toEqual(['get 29:a1 graph ']);
    expect(seen[0]?.conversation?.id).toBe('conv-1');
  });

  it('sign out forgets the cached token too, so a running job asks for sign-in instead of using it', async () => {
    const tokens = new Map<string, TokenResponse>([['29:a3', { token: 'tok-3', expiration: '2099-01-01T00:00:00Z', connectionName: 'graph', channelId: 'msteams' }]]);
    const service = fakeService(tokens, []);
    const broker = new TeamsTokenBroker(fakeAdapter(service, []), 'bot-id', 'graph');
    const turn = turnFrom('a3');
    turn.turnState.set(KEY, service);
    broker.remember(turn);
    expect(await broker.providerFor({ aadObjectId: 'a3' })?.getToken()).toMatchObject({ ok: true, token: 'tok-3' });
    await broker.signOut(turn);
    expect(await broker.providerFor({ aadObjectId: 'a3' })?.getToken()).toMatchObject({ ok: false, reason: 'sign-in-required' });
  });

  it('a refused SSO token exchange is a failed sign-in, not an error', async () => {
    const service: UserTokenService = { ...fakeService(new Map(), []), exchangeToken: () => Promise.reject(new Error('412 consent required')) };
    const broker = new TeamsTokenBroker(fakeAdapter(service, []), 'bot-id', 'graph');
    const turn = new TurnContext(new TestAdapter(), { ...turnFrom('a4').activity, type: 'invoke', name: 'signin/tokenExchange', value: { id: 'tx', token: 'sso' } } as Activity);
    turn.turnState.set(KEY, service);
    expect(await broker.completeSignIn(turn)).toBe(false);
  });

  it('says sign-in is required when the service holds no token', async () => {
    const broker = new TeamsTokenBroker(fakeAdapter(fakeService(new Map(), []), []), 'bot-id', 'graph');
    broker.remember(turnFrom('a2'));
    expect(await broker.providerFor({ aadObjectId: 'a2' })?.getToken()).toMatchObject({ ok: false, reason: 'sign-in-required' });
  });
});
