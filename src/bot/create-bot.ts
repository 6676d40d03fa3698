import { BlobsStorage } from 'botbuilder-azure-blobs';
import { DefaultAzureCredential } from '@azure/identity';
import type { Storage } from 'botbuilder';
import type { Readable } from 'node:stream';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { AppConfig } from '../config';
import type { JobRunner } from '../jobs/job-runner';
import { isValidFileName } from '../jobs/job-store';
import type { Logger } from '../logging/logger';
import { ActivityAdapter, answerActivityRequest } from './activity-endpoint';
import type { ActivityAnswer, ActivityRequest } from './activity-endpoint';
import type { BotDeps, BotRuntime, ProactiveSender } from './bot-deps';
import { createBotApp } from './create-bot-app';
import type { FileDelivery } from './file-delivery';
import { JobCardUpdater } from './job-card-updater';
import type { TeamsTokenBroker } from './teams-token-broker';
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

/** The bot's dependencies once the composition root has chosen them: the job runner and file delivery included. */
export type ComposedBotDeps = BotDeps & { runner: JobRunner; fileDelivery: FileDelivery };

/** The Bot Framework side the composition root chose: the adapter, and in Teams the sign-in broker over it. */
export interface BotChannel {
  adapter: ActivityAdapter;
  signIn?: TeamsTokenBroker;
  /** Conversation state; in memory when undefined. */
  storage?: Storage;
}

/** Bot Framework credentials: none in local mode, single-tenant in production. */
export function createBotFrameworkAdapter(config: AppConfig, botFrameworkAuthConfig: Record<string, string> = {}): ActivityAdapter {
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

/** The runtime the handlers share; settings the caller left out come from the configuration. */
export function botRuntimeFor(config: AppConfig, logger: Logger, deps: ComposedBotDeps, proactive: ProactiveSender): BotRuntime {
  const full: ComposedBotDeps = {
    ...deps,
    jobLimits: deps.jobLimits ?? config.jobLimits,
    attachmentHosts: deps.attachmentHosts ?? config.attachmentHosts,
    approvalPolicy: deps.approvalPolicy ?? config.approvalPolicy,
  };
  const botAppId = deps.botAppId ?? config.bot.id;
  if (botAppId) full.botAppId = botAppId;
  return { deps: full, runner: full.runner, logger, now: full.now ?? Date.now, proactive, files: full.fileDelivery, localMode: config.localMode };
}

export const BOT_STATE_CONTAINER = 'bot-state';

/** Conversation state lives in the jobs' storage account, so a restarted or scaled-out bot keeps it. */
export function conversationStorage(config: AppConfig): Storage | undefined {
  if (config.storage.kind !== 'azure') return undefined;
  if (config.storage.connectionString) return new BlobsStorage(config.storage.connectionString, BOT_STATE_CONTAINER);
  return new BlobsStorage('', BOT_STATE_CONTAINER, undefined, config.storage.accountUrl, new DefaultAzureCredential());
}

/** The bot over the pieces the composition root chose (see src/index.ts, or composeBot for tests). */
export function createBot(config: AppConfig, logger: Logger, deps: ComposedBotDeps, channel: BotChannel): Bot {
  const { adapter, signIn, storage } = channel;
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error({ err: error, activityType: context.activity.type }, 'turn failed');
    await context.sendActivity('Something went wrong on my side. Nothing was changed; please try again.');
  };
  const botAppId = config.bot.id;
  const runtime = botRuntimeFor(config, logger, deps, proactiveChats(adapter, botAppId));
  const updater = new JobCardUpdater(runtime);
  const { run } = createBotApp(runtime, { adapter, ...(botAppId ? { botAppId } : {}), ...(signIn ? { signIn } : {}), ...(storage ? { storage } : {}) });

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
