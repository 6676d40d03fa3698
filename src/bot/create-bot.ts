import { BlobsStorage } from 'botbuilder-azure-blobs';
import { DefaultAzureCredential } from '@azure/identity';
import type { Storage } from 'botbuilder';
import type { Readable } from 'node:stream';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { AppConfig } from '../config';
import { createBulkRunner } from '../engine/create-bulk-runner';
import { SandboxTokenProvider } from '../graph/sandbox-token-provider';
import type { TokenProvider } from '../graph/token-provider';
import type { JobRunner } from '../jobs/job-runner';
import { isValidFileName } from '../jobs/job-store';
import { MemoryJobStore } from '../jobs/memory-job-store';
import type { Logger } from '../logging/logger';
import { ActivityAdapter, answerActivityRequest } from './activity-endpoint';
import type { ActivityAnswer, ActivityRequest } from './activity-endpoint';
import type { BotDeps, BotRuntime, BotUser, ProactiveSender } from './bot-deps';
import { createBotApp } from './create-bot-app';
import { ConsentFileDelivery, LinkFileDelivery } from './file-delivery';
import { JobCardUpdater } from './job-card-updater';
import { TeamsTokenBroker } from './teams-token-broker';
import { refuseOtherTenants } from './tenant-guard';
import { proactiveChats } from './turn-context-chat';

export type { BotDeps } from './bot-deps';

export interface Bot {
  /** One POST to /api/messages, its body already read; throws only for unexpected failures. */
  handle(request: ActivityRequest): Promise<ActivityAnswer>;
  runner: JobRunner;
  /** A stored results or export file, for the `/files/:id/:name` route. */
  openFile(id: string, name: string): Promise<Readable | undefined>;
  /** Resolves once every card update queued so far has been sent. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Bot Framework credentials: none in local mode, single-tenant in production. */
function createAdapter(config: AppConfig, botFrameworkAuthConfig: Record<string, string> = {}): ActivityAdapter {
  const credentials = config.localMode
    ? new ConfigurationServiceClientCredentialFactory({})
    : new ConfigurationServiceClientCredentialFactory({
        MicrosoftAppId: config.bot.id,
        MicrosoftAppPassword: config.bot.password,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: config.bot.tenantId,
      });
  return new ActivityAdapter(botFrameworkAuthConfig, credentials);
}

/** In `AUTH_MODE=sandbox` the acting admin is the sandbox user whose object id is the Teams user's. */
export function defaultTokenProviderFor(config: AppConfig, graphBaseUrl: string): (user: BotUser) => TokenProvider | undefined {
  if (config.authMode !== 'sandbox') return () => undefined;
  const cache = new Map<string, TokenProvider>();
  const origin = new URL(graphBaseUrl).origin;
  return (user) => {
    let provider = cache.get(user.aadObjectId);
    if (!provider) {
      provider = new SandboxTokenProvider({ sandboxOrigin: origin, user: user.aadObjectId });
      cache.set(user.aadObjectId, provider);
    }
    return provider;
  };
}

export function createBotRuntime(config: AppConfig, logger: Logger, deps: Partial<BotDeps>, proactive: ProactiveSender): BotRuntime {
  const graphBaseUrl = deps.graphBaseUrl ?? config.graphBaseUrl;
  const full: BotDeps = {
    ...deps,
    store: deps.store ?? new MemoryJobStore(),
    graphBaseUrl,
    tokenProviderFor: deps.tokenProviderFor ?? defaultTokenProviderFor(config, graphBaseUrl),
    jobLimits: deps.jobLimits ?? config.jobLimits,
    attachmentHosts: deps.attachmentHosts ?? config.attachmentHosts,
  };
  const botAppId = deps.botAppId ?? config.bot.id;
  if (botAppId) full.botAppId = botAppId;
  const runner =
    full.runner ??
    createBulkRunner({
      store: full.store,
      graphBaseUrl,
      tokenProviderFor: (job) => full.tokenProviderFor({ aadObjectId: job.initiator.objectId, tenantId: job.tenantId }),
      runner: { progressIntervalMs: 5_000, onError: (error, context) => logger.error({ err: error, ...context }, 'job runner error') },
    });
  const files = full.fileDelivery ?? (config.localMode ? new LinkFileDelivery(full.filesBaseUrl) : new ConsentFileDelivery(full.store));
  return { deps: full, runner, logger, now: full.now ?? Date.now, proactive, files, localMode: config.localMode };
}

export const BOT_STATE_CONTAINER = 'bot-state';

/** Conversation state lives in the jobs' storage account, so a restarted or scaled-out bot keeps it. */
export function conversationStorage(config: AppConfig): Storage | undefined {
  if (config.storage.kind !== 'azure') return undefined;
  if (config.storage.connectionString) return new BlobsStorage(config.storage.connectionString, BOT_STATE_CONTAINER);
  return new BlobsStorage('', BOT_STATE_CONTAINER, undefined, config.storage.accountUrl, new DefaultAzureCredential());
}

export function createBot(config: AppConfig, logger: Logger, deps: Partial<BotDeps> = {}): Bot {
  const adapter = createAdapter(config, deps.botFrameworkAuthConfig);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error({ err: error, activityType: context.activity.type }, 'turn failed');
    await context.sendActivity('Something went wrong on my side. Nothing was changed; please try again.');
  };
  const botAppId = config.bot.id;
  const proactive: ProactiveSender = proactiveChats(adapter, botAppId);
  const broker = config.authMode === 'teams' && !deps.tokenProviderFor ? new TeamsTokenBroker(adapter, botAppId, config.oauthConnectionName) : undefined;
  const runtime = createBotRuntime(config, logger, broker ? { ...deps, tokenProviderFor: (user) => broker.providerFor(user) } : deps, proactive);
  const updater = new JobCardUpdater(runtime);
  const storage = conversationStorage(config);
  const { run } = createBotApp(runtime, { adapter, ...(botAppId ? { botAppId } : {}), ...(broker ? { signIn: broker } : {}), ...(storage ? { storage } : {}) });

  return {
    runner: runtime.runner,
    handle: (request) => answerActivityRequest(adapter, logger, request, refuseOtherTenants(config, logger, run)),
    openFile(id, name) {
      // Only the CSVs themselves: markers such as an export's requester are not for download.
      if (!/^[A-Za-z0-9-]{1,80}$/.test(id) || !isValidFileName(name) || !name.endsWith('.csv')) return Promise.resolve(undefined);
      return runtime.deps.store.getFile(id, name);
    },
    idle: () => updater.idle(),
    async close() {
      updater.dispose();
      await runtime.runner.stop();
    },
  };
}
