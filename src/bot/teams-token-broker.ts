import { CardFactory, TurnContext } from 'botbuilder';
import type { Activity, Attachment, ConversationReference, SignInUrlResponse, TokenExchangeRequest, TokenResponse } from 'botbuilder';
import type { TokenProvider, TokenResult } from '../graph/token-provider';
import type { BotUser } from './bot-deps';

/** The calls this bot makes on the Azure Bot token service (botframework-connector's UserTokenClient). */
export interface UserTokenService {
  getUserToken(userId: string, connectionName: string, channelId: string, magicCode: string | undefined): Promise<TokenResponse | undefined>;
  getSignInResource(connectionName: string, activity: Activity, finalRedirect: string): Promise<SignInUrlResponse>;
  signOutUser(userId: string, connectionName: string, channelId: string): Promise<void>;
  exchangeToken(userId: string, connectionName: string, channelId: string, request: TokenExchangeRequest): Promise<TokenResponse | undefined>;
}

/** The parts of botbuilder's CloudAdapter the broker needs. */
export interface ProactiveAdapter {
  readonly UserTokenClientKey: symbol;
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

const REFRESH_MARGIN_MS = 5 * 60_000;
const CONVERSATION_RECORD = 'conversation-reference';

/** Each admin's latest conversation, kept where every instance (and a restarted one) finds it. */
export interface SavedConversations {
  load(aadObjectId: string): Promise<Partial<ConversationReference> | undefined>;
  save(aadObjectId: string, reference: Partial<ConversationReference>): Promise<void>;
}

/** Saved conversations as keyed records (e.g. AzureRecords); anything not shaped like a reference reads as none. */
export function savedConversationsIn(records: {
  get(kind: string, id: string): Promise<string | undefined>;
  put(kind: string, id: string, value: string): Promise<void>;
}): SavedConversations {
  return {
    async load(aadObjectId) {
      const json = await records.get(CONVERSATION_RECORD, aadObjectId);
      if (json === undefined) return undefined;
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== 'object' || parsed === null || !('conversation' in parsed) || !('serviceUrl' in parsed)) return undefined;
      return parsed as Partial<ConversationReference>;
    },
    save: (aadObjectId, reference) => records.put(CONVERSATION_RECORD, aadObjectId, JSON.stringify(reference)),
  };
}

/**
 * `AUTH_MODE=teams`: the admin's delegated Graph token comes from the Azure Bot OAuth connection. The token service
 * keeps it fresh, and a proactive turn on the admin's last conversation can ask for it while a job runs an hour later.
 *
 * Why not teams-ai's user authentication (`authentication.settings`, `getTokenOrStartSignIn`, `signOutUser`)?
 * - A long job needs the token with no incoming turn; teams-ai has no API for that. `providerFor` is that piece:
 *   `UserTokenClient.getUserToken` inside `continueConversationAsync` on the admin's remembered conversation.
 * - Its in-turn sign-in would cost behaviour we keep (teams-ai 1.7, botbuilder 4.23):
 *   1. SSO breaks on our production state storage. It adds `TeamsSSOTokenExchangeMiddleware` over the app's
 *      storage, whose de-duplication writes a new item with `eTag: value.id`. BlobsStorage sends that as If-Match on
 *      a blob that does not exist yet; Azure (and Azurite, tried) answers 412, reported as "eTag conflict", so the
 *      first `signin/tokenExchange` counts as a duplicate: Teams gets 200 but the bot's sign-in never completes (no
 *      "you're signed in", paused jobs not resumed) until the next message (botbuilder-dotnet#6861; the
 *      botbuilder-js port, PR #4800, is still open).
 *   2. Once its OAuthPrompt has sent the card, the user is "in sign-in flow" (user state) and every later message
 *      goes to the prompt before any route until a token arrives: `help`, `jobs`, `status`, `cancel`, `sign out`
 *      get no answer (after the prompt's 15 minutes, or with `endOnInvalidMessage`, another card). Here they
 *      answer while signed out, so an admin can still see and cancel a job paused for want of a token.
 *   3. On a card button (`adaptiveCard/action`) its sign-in answers the invoke with a Universal Actions
 *      loginRequest, while `actionExecute` answers the same invoke with the card; only the last answer is sent.
 *   So the sign-in card, `signin/verifyState`, `signin/tokenExchange` and sign-out stay here, one token service
 *   call each, and teams-ai stays the router.
 */
export class TeamsTokenBroker {
  private readonly references = new Map<string, Partial<ConversationReference>>();
  /** The reference last saved per admin, as JSON: a turn in the same conversation saves nothing. */
  private readonly savedJson = new Map<string, string>();
  private readonly cached = new Map<string, { token: string; expiresOn: number }>();

  constructor(
    private readonly adapter: ProactiveAdapter,
    private readonly botAppId: string,
    private readonly connectionName: string,
    private readonly now: () => number = Date.now,
    /** With several instances: where a job run by another instance, or after a restart, finds the conversation. */
    private readonly saved?: SavedConversations,
    private readonly onSaveError: (error: unknown) => void = () => undefined,
  ) {}

  /** Called on every turn, so a proactive token request reaches the admin's latest conversation. */
  remember(context: TurnContext): void {
    const aadObjectId = context.activity.from?.aadObjectId;
    if (!aadObjectId) return;
    const reference = TurnContext.getConversationReference(context.activity);
    this.references.set(aadObjectId, reference);
    const json = JSON.stringify(reference);
    if (!this.saved || this.savedJson.get(aadObjectId) === json) return;
    this.savedJson.set(aadObjectId, json);
    this.saved.save(aadObjectId, reference).catch((error: unknown) => {
      this.savedJson.delete(aadObjectId);
      this.onSaveError(error);
    });
  }

  providerFor(user: BotUser): TokenProvider | undefined {
    const reference = this.references.get(user.aadObjectId);
    if (!reference && !this.saved) return undefined;
    return {
      getToken: async () => {
        const found = reference ?? this.references.get(user.aadObjectId) ?? (await this.load(user.aadObjectId));
        if (!found) return { ok: false, reason: 'sign-in-required', message: 'I have no conversation with you yet to ask for your sign-in; send me any message.' };
        return this.tokenFor(user.aadObjectId, found);
      },
      invalidate: () => {
        this.cached.delete(user.aadObjectId);
      },
    };
  }

  private async load(aadObjectId: string): Promise<Partial<ConversationReference> | undefined> {
    const reference = await this.saved?.load(aadObjectId);
    if (reference) this.references.set(aadObjectId, reference);
    return reference;
  }

  private async tokenFor(aadObjectId: string, reference: Partial<ConversationReference>): Promise<TokenResult> {
    const hit = this.cached.get(aadObjectId);
    if (hit && this.now() < hit.expiresOn - REFRESH_MARGIN_MS) return { ok: true, ...hit };
    let response: TokenResponse | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      const service = this.serviceOf(context);
      const userId = reference.user?.id;
      if (service && userId) response = await service.getUserToken(userId, this.connectionName, reference.channelId ?? 'msteams', undefined);
    });
    if (!response?.token) {
      return { ok: false, reason: 'sign-in-required', message: 'Your sign-in to the bot has ended; send me any message and sign in again.' };
    }
    const expiresOn = response.expiration ? Date.parse(response.expiration) : this.now() + REFRESH_MARGIN_MS * 2;
    const entry = { token: response.token, expiresOn: Number.isNaN(expiresOn) ? this.now() + REFRESH_MARGIN_MS * 2 : expiresOn };
    this.cached.set(aadObjectId, entry);
    return { ok: true, ...entry };
  }

  private serviceOf(context: TurnContext): UserTokenService | undefined {
    return context.turnState.get(this.adapter.UserTokenClientKey) as UserTokenService | undefined;
  }

  /** An OAuthCard for the connection (Teams shows SSO where it can, else a sign-in button). */
  async signInCard(context: TurnContext): Promise<Attachment | undefined> {
    const service = this.serviceOf(context);
    if (!service) return undefined;
    const resource = await service.getSignInResource(this.connectionName, context.activity, '');
    return CardFactory.oauthCard(
      this.connectionName,
      'Sign in',
      'Sign in so I can act as you in Microsoft Graph, with your own admin roles.',
      resource.signInLink,
      resource.tokenExchangeResource,
      resource.tokenPostResource,
    );
  }

  /** `signin/verifyState` (magic code) or `signin/tokenExchange` (SSO); true when the service now holds a token. */
  async completeSignIn(context: TurnContext): Promise<boolean> {
    const service = this.serviceOf(context);
    const activity = context.activity;
    if (!service || !activity.from?.id) return false;
    const value = (activity.value ?? {}) as { state?: unknown; token?: unknown };
    const response =
      activity.name === 'signin/tokenExchange' && typeof value.token === 'string'
        ? await this.exchange(service, activity.from.id, activity.channelId, value.token)
        : await service.getUserToken(activity.from.id, this.connectionName, activity.channelId, typeof value.state === 'string' ? value.state : undefined);
    return Boolean(response?.token);
  }

  /** A refused exchange (e.g. consent still missing) arrives as an error status; it is a "no", so Teams shows the button. */
  private async exchange(service: UserTokenService, userId: string, channelId: string, token: string): Promise<TokenResponse | undefined> {
    try {
      return await service.exchangeToken(userId, this.connectionName, channelId, { token });
    } catch {
      return undefined;
    }
  }

  async signOut(context: TurnContext): Promise<void> {
    const aadObjectId = context.activity.from?.aadObjectId;
    if (aadObjectId) this.cached.delete(aadObjectId);
    const service = this.serviceOf(context);
    if (service && context.activity.from?.id) await service.signOutUser(context.activity.from.id, this.connectionName, context.activity.channelId);
  }
}
