import type { TurnContext } from 'botbuilder';
import type { TokenProvider } from '../graph/token-provider';
import type { JobRunner } from '../jobs/job-runner';
import type { JobStore } from '../jobs/job-store';
import type { Logger } from '../logging/logger';

export interface BotUser {
  aadObjectId: string;
  tenantId?: string;
}

export interface BotDeps {
  store: JobStore;
  graphBaseUrl: string;
  /** The admin's own delegated token; undefined when this Teams user cannot act (unknown to the sandbox, not signed in). */
  tokenProviderFor(user: BotUser): TokenProvider | undefined;
  runner?: JobRunner;
  now?: () => number;
  /** Largest CSV attachment accepted, in bytes. */
  maxUploadBytes?: number;
  /** Public base URL of this bot's file route (results and exports), e.g. `http://127.0.0.1:3978`. */
  filesBaseUrl?: string;
  fetch?: typeof fetch;
}

/** Runs `logic` in a proactive turn for a stored conversation reference. */
export type ProactiveSender = (reference: Record<string, unknown>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

export interface BotRuntime {
  deps: BotDeps;
  runner: JobRunner;
  logger: Logger;
  now: () => number;
  proactive: ProactiveSender;
}
