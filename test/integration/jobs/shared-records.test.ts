import { TestAdapter, TurnContext } from 'botbuilder';
import type { Activity, ConversationReference, TokenResponse } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsTokenBroker, savedConversationsIn } from '../../../src/bot/teams-token-broker';
import type { ProactiveAdapter, UserTokenService } from '../../../src/bot/teams-token-broker';
import { AzureRecords } from '../../../src/jobs/azure-records';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';

let azurite: AzuriteHandle;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite.stop();
});

const KEY = Symbol('UserTokenClient');

/** The Azure Bot token service as both instances reach it: it knows the admin's token by their Teams user id. */
function tokenService(tokens: Map<string, TokenResponse>): UserTokenService {
  return {
    getUserToken: (userId) => Promise.resolve(tokens.get(userId)),
    getSignInResource: () => Promise.resolve({ signInLink: 'https://token.example/sign-in' }),
    signOutUser: () => Promise.resolve(),
    exchangeToken: () => Promise.resolve(undefined),
  };
}

function proactiveAdapter(service: UserTokenService, seen: Partial<ConversationReference>[]): ProactiveAdapter {
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

function turnFrom(aadObjectId: string, conversationId: string): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, aadObjectId, name: 'Admin' },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    serviceUrl: 'https://smba.example/',
  } as Activity);
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('records every instance sees (AzureRecords on Azurite)', () => {
  it("lets another instance, or a restarted one, get the admin's token through the conversation the first one saw", async () => {
    const settings = { storage: { connectionString: azurite.connectionString }, namePrefix: 'recordsa' };
    const [recordsA, recordsB] = await Promise.all([AzureRecords.create(settings), AzureRecords.create(settings)]);
    const tokens = new Map<string, TokenResponse>([['29:admin-1', { token: 'tok-1', expiration: '2099-01-01T00:00:00Z', connectionName: 'graph', channelId: 'msteams' }]]);
    const seenByB: Partial<ConversationReference>[] = [];
    const instanceA = new TeamsTokenBroker(proactiveAdapter(tokenService(tokens), []), 'bot-id', 'graph', Date.now, savedConversationsIn(recordsA));
    const instanceB = new TeamsTokenBroker(proactiveAdapter(tokenService(tokens), seenByB), 'bot-id', 'graph', Date.now, savedConversationsIn(recordsB));

    // Before the admin has written to any instance, B has nobody to ask: the job waits for a sign-in.
    expect(await instanceB.providerFor({ aadObjectId: 'admin-1' })?.getToken()).toMatchObject({ ok: false, reason: 'sign-in-required' });

    instanceA.remember(turnFrom('admin-1', 'conv-personal'));
    await until(async () => (await recordsB.get('conversation-reference', 'admin-1')) !== undefined);
    expect(await instanceB.providerFor({ aadObjectId: 'admin-1' })?.getToken()).toMatchObject({ ok: true, token: 'tok-1' });
    expect(seenByB[0]?.conversation?.id).toBe('conv-personal');

    // The admin's next message is in another conversation: the saved reference follows it.
    instanceA.remember(turnFrom('admin-1', 'conv-group'));
    await until(async () => (await recordsB.get('conversation-reference', 'admin-1'))?.includes('conv-group') === true);
    const restarted = new TeamsTokenBroker(proactiveAdapter(tokenService(tokens), seenByB), 'bot-id', 'graph', Date.now, savedConversationsIn(recordsB));
    expect(await restarted.providerFor({ aadObjectId: 'admin-1' })?.getToken()).toMatchObject({ ok: true, token: 'tok-1' });
    expect(seenByB.at(-1)?.conversation?.id).toBe('conv-group');
  }, 30_000);

  it('marks a results file as offered for exactly one of many instances racing to offer it', async () => {
    const settings = { storage: { connectionString: azurite.connectionString }, namePrefix: 'recordsb' };
    const instances = await Promise.all([0, 1, 2].map(() => AzureRecords.create(settings)));
    const claims = await Promise.all(instances.flatMap((records) => [records.claim('results-offered', 'job-1'), records.claim('results-offered', 'job-1')]));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await instances[1]?.claim('results-offered', 'job-2')).toBe(true);
  }, 30_000);
});
