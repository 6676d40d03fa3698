export { AzureCredentialTokenProvider, GRAPH_DEFAULT_SCOPE, graphScopeUris } from './azure-credential-token-provider';
export { BatchExecutor } from './batch-executor';
export type {
  BatchExecutorOptions,
  BatchItem,
  BatchItemResult,
  BatchRunOptions,
  BatchRunStats,
  BatchTransport,
} from './batch-executor';
export { silentLogger, systemClock } from './clock';
export type { Clock, GraphLogger } from './clock';
export { explainGraphError } from './error-reasons';
export type {
  DirectoryObjectType,
  ErrorCategory,
  ErrorContext,
  ErrorExplanation,
  ErrorFacts,
  ErrorHint,
  GraphOperation,
  HintSlot,
} from './error-reasons';
export { GRAPH_BASE_URL, GraphClient, MAX_BATCH_SIZE } from './graph-client';
export type {
  BatchEnvelopeResult,
  BatchSubRequest,
  BatchSubResponse,
  GraphClientOptions,
  GraphRequest,
  GraphResponse,
  HttpMethod,
} from './graph-client';
export { GraphError, graphErrorFromResponse } from './graph-error';
export type { GraphErrorDetail, GraphErrorInit } from './graph-error';
export { DEFAULT_INVITATIONS_PER_SECOND, DEFAULT_WRITES_PER_SECOND, Pacer, TokenBucket } from './pacer';
export type { PacerOptions, WorkKind } from './pacer';
export { isUnsupportedQuery, listItems, listPartitioned, pageThrough, sampleCollection } from './pager';
export type { GraphPage, PageOptions, PagingClient, PartitionedListOptions, PartitionFallback, PartitionPlan, PartitionQuery, PartitionStrategy } from './pager';
export { DEFAULT_RETRY, headerValue, parseRetryAfter, retryDelayMs } from './retry-policy';
export type { RetryOptions } from './retry-policy';
export { SandboxTokenProvider } from './sandbox-token-provider';
export type { SandboxTokenProviderOptions } from './sandbox-token-provider';
export { ThrottleController } from './throttle-controller';
export type { ThrottleControllerOptions } from './throttle-controller';
export { StaticTokenProvider } from './token-provider';
export type { TokenProvider, TokenResult } from './token-provider';
export { defaultBoundaries, prefixPartitions, rangePartitions, sampleBoundaries } from './upn-partitions';
export type { ListPartition, PrefixPartition, RangePartition } from './upn-partitions';
