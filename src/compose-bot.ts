import type { AppConfig } from './config';
import type { BotDeps, BotRuntime, BotUser, ProactiveSender } from './bot/bot-deps';
import { botRuntimeFor, conversationStorage, createBot, createBotFrameworkAdapter } from './bot/create-bot';
import type { Bot, ComposedBotDeps } from './bot/create-bot';
import { ConsentFileDelivery, LinkFileDelivery } from './bot/file-delivery';
import type { FileDelivery } from './bot/file-delivery';
import { languageModelReader } from './bot/language-model/planner-interpreter';
import { TeamsTokenBroker } from './bot/teams-token-broker';
import { createBulkRunner } from './engine/create-bulk-runner';
import { SandboxTokenProvider } from './graph/sandbox-token-provider';
import type { TokenProvider } from './graph/token-provider';
import type { JobRunner } from './jobs/job-runner';
import type { JobStore } from './jobs/job-store';
import type { TenantWriteBudget } from './jobs/tenant-write-budget';
import { MemoryJobStore } from './jobs/memory-job-store';
import type { Logger } from './logging/logger';

/**
 * The pieces the bot runs on, one function each, so src/index.ts chooses them in plain sight; composeBot puts the
 * same choices together for tests and benchmarks, with whatever they supply themselves.
 */

export type TokenProvidersFor = (user: BotUser) => TokenProvider | undefined;

/** In `AUTH_MODE=sandbox` the acting admin is the sandbox user whose object id is the Teams user's. */
export function sandboxTokenProviders(config: AppConfig, graphBaseUrl: string): TokenProvidersFor {
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

/** The job runner for every bulk operation, acting with each job's initiator's own token. */
export function createJobRunner(
  logger: Logger,
  input: { store: JobStore; graphBaseUrl: string; tokenProviderFor: TokenProvidersFor; writeBudget?: TenantWriteBudget; rateScale?: number },
): JobRunner {
  return createBulkRunner({
    store: input.store,
    ...(input.rateScale !== undefined && input.rateScale !== 1 ? { batchExecutor: { rateScale: input.rateScale } } : {}),
    ...(input.writeBudget ? { writeBudget: input.writeBudget } : {}),
    graphBaseUrl: input.graphBaseUrl,
    tokenProviderFor: (job) => input.tokenProviderFor({ aadObjectId: job.initiator.objectId, tenantId: job.tenantId }),
    runner: { progressIntervalMs: 5_000, onError: (error, context) => logger.error({ err: error, ...context }, 'job runner error') },
  });
}

/** Links to the bot's `/files/…` route in local mode (the Playground has no file consent), file consent in Teams. */
export function fileDeliveryFor(config: AppConfig, store: JobStore, filesBaseUrl: string | undefined): FileDelivery {
  return config.localMode ? new LinkFileDelivery(filesBaseUrl) : new ConsentFileDelivery(store);
}

/** Every piece the caller did not supply, chosen as src/index.ts chooses it. */
export function composeBotDeps(config: AppConfig, logger: Logger, deps: Partial<BotDeps>, signIn?: TeamsTokenBroker): ComposedBotDeps {
  const store = deps.store ?? new MemoryJobStore();
  const graphBaseUrl = deps.graphBaseUrl ?? config.graphBaseUrl;
  const tokenProviderFor = deps.tokenProviderFor ?? (signIn ? (user: BotUser) => signIn.providerFor(user) : sandboxTokenProviders(config, graphBaseUrl));
  const languageModel = deps.languageModel ?? languageModelReader(config.languageModel, logger);
  return {
    ...deps,
    ...(languageModel ? { languageModel } : {}),
    store,
    graphBaseUrl,
    tokenProviderFor,
    runner: deps.runner ?? createJobRunner(logger, { store, graphBaseUrl, tokenProviderFor }),
    fileDelivery: deps.fileDelivery ?? fileDeliveryFor(config, store, deps.filesBaseUrl),
  };
}

/** The handlers' runtime with default pieces, for tests that drive the bot through a test adapter. */
export function createBotRuntime(config: AppConfig, logger: Logger, deps: Partial<BotDeps>, proactive: ProactiveSender): BotRuntime {
  return botRuntimeFor(config, logger, composeBotDeps(config, logger, deps), proactive);
}

/** The whole bot with default pieces (a memory job store unless one is given), for tests and benchmarks. */
export function composeBot(config: AppConfig, logger: Logger, deps: Partial<BotDeps> = {}): Bot {
  const adapter = createBotFrameworkAdapter(config, deps.botFrameworkAuthConfig);
  const signIn = config.authMode === 'teams' && !deps.tokenProviderFor ? new TeamsTokenBroker(adapter, config.bot.id, config.oauthConnectionName) : undefined;
  const storage = conversationStorage(config);
  return createBot(config, logger, composeBotDeps(config, logger, deps, signIn), { adapter, ...(signIn ? { signIn } : {}), ...(storage ? { storage } : {}) });
}
