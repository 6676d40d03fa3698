import type { TokenProvider } from '../graph/token-provider';
import type { ApprovalPolicy } from '../jobs/approval-policy';
import type { JobLimits } from '../jobs/job-limits';
import type { JobPlaces } from '../jobs/job-places';
import type { JobRunner } from '../jobs/job-runner';
import type { JobStore } from '../jobs/job-store';
import type { Logger } from '../logging/logger';
import type { Chat } from './chat-turn';
import type { FileDelivery } from './file-delivery';
import type { LanguageModelReader } from './language-model/command-interpreter';

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
  /** How results and exports reach people: file consent in Teams, `/files/…` links in local mode. */
  fileDelivery?: FileDelivery;
  /** Bytes per PUT when uploading an accepted file (tests use small chunks); at most ~4 MB. */
  uploadChunkBytes?: number;
  /** The bot's app id, for the button that opens a personal chat with it from a group or channel. */
  botAppId?: string;
  /** Concurrent jobs per admin and per tenant (MAX_JOBS_PER_ADMIN / MAX_JOBS_PER_TENANT). */
  jobLimits?: JobLimits;
  /** Jobs that wait for a second administrator after their initiator's Confirm (APPROVAL_POLICY). */
  approvalPolicy?: ApprovalPolicy;
  /** Where those limits are counted: across instances with Azure Storage; by default from this process's store. */
  jobPlaces?: JobPlaces;
  /** "Done once" marks every instance sees (Azure Storage), e.g. a job's results file offered; else kept in memory. */
  onceMarks?: OnceMarks;
  /** Hosts file attachments may be downloaded from outside local mode (ATTACHMENT_HOSTS). */
  attachmentHosts?: readonly string[];
  /** Bot Framework authentication settings for the adapter, e.g. a loopback `BotOpenIdMetadata` in tests. */
  botFrameworkAuthConfig?: Record<string, string>;
  /** Reads messages the grammar does not understand (AZURE_OPENAI_* / OPENAI_*); without it they get the "I didn't understand" card. */
  languageModel?: LanguageModelReader;
}

export interface OnceMarks {
  /** True for the one caller, on any instance, that marks (kind, id) first. */
  claim(kind: string, id: string): Promise<boolean>;
}

/** Runs `logic` in a proactive turn for a stored conversation reference. */
export type ProactiveSender = (reference: Record<string, unknown>, logic: (chat: Chat) => Promise<void>) => Promise<void>;

export interface BotRuntime {
  deps: BotDeps;
  runner: JobRunner;
  logger: Logger;
  now: () => number;
  proactive: ProactiveSender;
  files: FileDelivery;
  /** Local mode: loopback only, no Bot Framework auth; plain-http file links are acceptable. */
  localMode: boolean;
}
