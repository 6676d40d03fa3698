import { z } from 'zod';
import { isLoopbackHost } from './net/loopback';
import { NO_APPROVAL_POLICY, parseApprovalPolicy } from './jobs/approval-policy';
import type { ApprovalPolicy } from './jobs/approval-policy';
import { BULK_KINDS } from './operations/catalogue';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Values that must never be echoed back in an error message. */
const SECRET_VARIABLES = new Set(['BOT_PASSWORD', 'AZURE_STORAGE_CONNECTION_STRING', 'JOB_DATA_KEY', 'JOB_DATA_KEY_PREVIOUS', 'AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY']);

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const port = (name: string, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: `${name} must be a whole number from 1 to 65535` })
      .int(`${name} must be a whole number from 1 to 65535`)
      .min(1, `${name} must be a whole number from 1 to 65535`)
      .max(65535, `${name} must be a whole number from 1 to 65535`)
      .default(fallback),
  );

const jobLimit = (name: string, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: `${name} must be a whole number from 1 to 1000` })
      .int(`${name} must be a whole number from 1 to 1000`)
      .min(1, `${name} must be a whole number from 1 to 1000`)
      .max(1000, `${name} must be a whole number from 1 to 1000`)
      .default(fallback),
  );

const JOB_DATA_KEY_MESSAGE = 'JOB_DATA_KEY must be 32 random bytes in base64 (e.g. the output of `openssl rand -base64 32`)';

function decodeKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  const key = Buffer.from(trimmed, 'base64');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && key.length === 32 ? key : undefined;
}

const jobDataKey = z.string().transform((value, ctx) => {
  const key = decodeKey(value);
  if (!key) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: JOB_DATA_KEY_MESSAGE });
    return z.NEVER;
  }
  return key;
});

const previousJobDataKeys = z.string().transform((value, ctx) => {
  const keys = value.split(',').filter((part) => part.trim() !== '').map(decodeKey);
  if (keys.some((key) => key === undefined)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'JOB_DATA_KEY_PREVIOUS must be earlier JOB_DATA_KEY values (32 bytes in base64 each), separated by commas' });
    return z.NEVER;
  }
  return keys.filter((key): key is Buffer => key !== undefined);
});

const graphBaseUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'GRAPH_BASE_URL must be an https URL or a loopback http URL' });
    return;
  }
  const secure = url.protocol === 'https:';
  const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (!secure && !loopbackHttp) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'GRAPH_BASE_URL must be an https URL or a loopback http URL' });
  }
});

const HOST_PATTERN = /^(\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const ATTACHMENT_HOSTS_MESSAGE = 'ATTACHMENT_HOSTS must be host names such as *.sharepoint.com or files.contoso.com, separated by commas';

/** Where Teams' file download links point: SharePoint and OneDrive for Business (`<tenant>-my.sharepoint.com`). */
export const DEFAULT_ATTACHMENT_HOSTS: readonly string[] = ['*.sharepoint.com'];

const attachmentHosts = z.string().transform((value, ctx) => {
  const hosts = value
    .split(/[\s,]+/)
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
  if (hosts.length === 0 || hosts.some((host) => !HOST_PATTERN.test(host))) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: ATTACHMENT_HOSTS_MESSAGE });
    return z.NEVER;
  }
  return hosts;
});

const modelEndpoint = (name: string, loopbackHttp: boolean) =>
  z.string().superRefine((value, ctx) => {
    const expects = loopbackHttp ? 'an https URL or a loopback http URL' : 'an https URL';
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${name} must be ${expects}` });
      return;
    }
    if (url.protocol === 'https:' || (loopbackHttp && url.protocol === 'http:' && isLoopbackHost(url.hostname))) return;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${name} must be ${expects}` });
  });

const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const approvalPolicy = z.string().transform((value, ctx): ApprovalPolicy => {
  const parsed = parseApprovalPolicy(value, BULK_KINDS);
  if (!parsed.ok) {
    for (const message of parsed.errors) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    return z.NEVER;
  }
  return parsed.policy;
});

const rawSchema = z.object({
  PORT: port('PORT', 3978),
  HOST: z.preprocess(blankToUndefined, z.string().min(1).optional()),
  BOT_ID: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string().refine((v) => v === '' || GUID.test(v), 'BOT_ID must be empty (local mode) or the bot\'s Microsoft App ID, a GUID'),
  ).default(''),
  BOT_PASSWORD: z.string().default(''),
  BOT_TENANT_ID: z.preprocess(
    blankToUndefined,
    z.string().regex(GUID, 'BOT_TENANT_ID must be your Entra tenant ID, a GUID').optional(),
  ),
  AUTH_MODE: z.preprocess(
    blankToUndefined,
    z.enum(['teams', 'sandbox'], { errorMap: () => ({ message: "AUTH_MODE must be 'teams' or 'sandbox'" }) }).optional(),
  ),
  OAUTH_CONNECTION_NAME: z.preprocess(blankToUndefined, z.string().default('graph')),
  GRAPH_BASE_URL: z.preprocess(blankToUndefined, graphBaseUrl.optional()),
  STORAGE: z.preprocess(
    blankToUndefined,
    z.enum(['memory', 'azure'], { errorMap: () => ({ message: "STORAGE must be 'memory' or 'azure'" }) }).default('memory'),
  ),
  AZURE_STORAGE_CONNECTION_STRING: z.preprocess(blankToUndefined, z.string().optional()),
  AZURE_STORAGE_ACCOUNT_URL: z.preprocess(
    blankToUndefined,
    z.string().url('AZURE_STORAGE_ACCOUNT_URL must be a URL such as https://<account>.blob.core.windows.net').optional(),
  ),
  JOB_DATA_KEY: z.preprocess(blankToUndefined, jobDataKey.optional()),
  JOB_DATA_KEY_PREVIOUS: z.preprocess(blankToUndefined, previousJobDataKeys.optional()),
  MAX_JOBS_PER_ADMIN: jobLimit('MAX_JOBS_PER_ADMIN', 3),
  MAX_JOBS_PER_TENANT: jobLimit('MAX_JOBS_PER_TENANT', 10),
  ATTACHMENT_HOSTS: z.preprocess(blankToUndefined, attachmentHosts.optional()),
  AZURE_OPENAI_ENDPOINT: z.preprocess(blankToUndefined, modelEndpoint('AZURE_OPENAI_ENDPOINT', false).optional()),
  AZURE_OPENAI_API_KEY: optionalText,
  AZURE_OPENAI_DEPLOYMENT: optionalText,
  OPENAI_ENDPOINT: z.preprocess(blankToUndefined, modelEndpoint('OPENAI_ENDPOINT', true).optional()),
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: optionalText,
  APPROVAL_POLICY: z.preprocess(blankToUndefined, approvalPolicy.optional()),
  SANDBOX_TIME_SCALE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: 'SANDBOX_TIME_SCALE must be a number from 1 to 1000 (the local sandbox\'s --time-scale)' })
      .min(1, 'SANDBOX_TIME_SCALE must be a number from 1 to 1000 (the local sandbox\'s --time-scale)')
      .max(1000, 'SANDBOX_TIME_SCALE must be a number from 1 to 1000 (the local sandbox\'s --time-scale)')
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(LOG_LEVELS, { errorMap: () => ({ message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }) }).default('info'),
  ),
});

export type AuthMode = 'teams' | 'sandbox';

/** The optional language model that reads messages the command grammar does not (an Azure OpenAI deployment or an OpenAI-compatible API). */
export type LanguageModelSettings =
  | { provider: 'azure-openai'; endpoint: string; apiKey: string; deployment: string }
  | { provider: 'openai'; endpoint: string; apiKey: string; model: string };
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  host: string;
  /** Local mode: no Bot Framework credentials, unauthenticated activities accepted, loopback only. */
  localMode: boolean;
  bot: { id: string; password: string; tenantId: string | undefined };
  authMode: AuthMode;
  oauthConnectionName: string;
  graphBaseUrl: string;
  storage:
    | { kind: 'memory' }
    | { kind: 'azure'; connectionString: string; accountUrl?: undefined }
    | { kind: 'azure'; accountUrl: string; connectionString?: undefined };
  logLevel: LogLevel;
  /**
   * AES-256 key for secrets kept in job rows (initial passwords). Undefined only where a per-process key will do:
   * memory storage, or local mode.
   */
  jobDataKey: Buffer | undefined;
  /** Earlier job data keys, kept only to open rows sealed before a rotation. */
  previousJobDataKeys: Buffer[];
  /** Running plus queued jobs allowed at once, per admin and per tenant. */
  jobLimits: { perAdmin: number; perTenant: number };
  /** Hosts a file attachment may be downloaded from (and redirected to) outside local mode; `*.` covers subdomains. */
  attachmentHosts: readonly string[];
  /** Undefined unless AZURE_OPENAI_* or OPENAI_* are all set: then the bot answers exactly as without the feature. */
  languageModel: LanguageModelSettings | undefined;
  /** Jobs that wait for a second administrator's approval after the initiator's Confirm (APPROVAL_POLICY); empty: none. */
  approvalPolicy: ApprovalPolicy;
  /** Local mode against a time-scaled sandbox (tests, benchmarks): Graph's budgets are paced this many times faster. */
  graphRateScale: number;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; errors: string[] };

export const DEFAULT_SANDBOX_GRAPH_URL = 'http://127.0.0.1:5380/v1.0';
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/v1.0';

/** Reads the environment once, returning every problem at once rather than the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const parsed = rawSchema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => describeIssue(issue, env)) };
  }
  const raw = parsed.data;
  const errors: string[] = [];
  const localMode = raw.BOT_ID === '';
  const authMode: AuthMode = raw.AUTH_MODE ?? (localMode ? 'sandbox' : 'teams');

  if (!localMode) {
    if (raw.BOT_PASSWORD === '') errors.push('BOT_PASSWORD must be set to the bot\'s client secret when BOT_ID is set');
    if (!raw.BOT_TENANT_ID) errors.push('BOT_TENANT_ID must be set to your Entra tenant ID (a GUID) when BOT_ID is set');
  }
  if (authMode === 'teams' && localMode) {
    errors.push("AUTH_MODE 'teams' needs BOT_ID, BOT_PASSWORD and BOT_TENANT_ID; leave AUTH_MODE unset or 'sandbox' for local mode");
  }
  if (authMode === 'sandbox' && !localMode) {
    errors.push("AUTH_MODE 'sandbox' is for local mode only: unset BOT_ID, or set AUTH_MODE=teams in production");
  }

  const graphUrl = raw.GRAPH_BASE_URL ?? (authMode === 'sandbox' ? DEFAULT_SANDBOX_GRAPH_URL : DEFAULT_GRAPH_URL);
  if (authMode === 'sandbox' && !isLoopbackHost(new URL(graphUrl).hostname)) {
    errors.push('GRAPH_BASE_URL must be a loopback http URL (the local Graph sandbox) when AUTH_MODE is sandbox');
  }

  let storage: AppConfig['storage'] = { kind: 'memory' };
  if (raw.STORAGE === 'azure') {
    if (raw.AZURE_STORAGE_CONNECTION_STRING) {
      storage = { kind: 'azure', connectionString: raw.AZURE_STORAGE_CONNECTION_STRING };
    } else if (raw.AZURE_STORAGE_ACCOUNT_URL) {
      storage = { kind: 'azure', accountUrl: raw.AZURE_STORAGE_ACCOUNT_URL };
    } else {
      errors.push(
        "AZURE_STORAGE_CONNECTION_STRING must be set when STORAGE is 'azure' (or AZURE_STORAGE_ACCOUNT_URL to use a managed identity)",
      );
    }
  }

  if (raw.STORAGE === 'azure' && !localMode && !raw.JOB_DATA_KEY) {
    errors.push(`JOB_DATA_KEY must be set when STORAGE is 'azure' in production, so initial passwords are stored encrypted: ${JOB_DATA_KEY_MESSAGE}`);
  }
  if (raw.JOB_DATA_KEY_PREVIOUS && raw.JOB_DATA_KEY_PREVIOUS.length > 0 && !raw.JOB_DATA_KEY) {
    errors.push('JOB_DATA_KEY_PREVIOUS needs JOB_DATA_KEY: set the new key there and keep the old ones in JOB_DATA_KEY_PREVIOUS');
  }
  if (raw.MAX_JOBS_PER_ADMIN > raw.MAX_JOBS_PER_TENANT) {
    errors.push(`MAX_JOBS_PER_ADMIN (${raw.MAX_JOBS_PER_ADMIN}) cannot be larger than MAX_JOBS_PER_TENANT (${raw.MAX_JOBS_PER_TENANT})`);
  }

  const languageModel = languageModelFrom(raw, errors);
  if (raw.SANDBOX_TIME_SCALE !== undefined && authMode !== 'sandbox') {
    errors.push('SANDBOX_TIME_SCALE is for the local sandbox only (AUTH_MODE sandbox): unset it in production');
  }

  const host = raw.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      port: raw.PORT,
      host,
      localMode,
      bot: { id: raw.BOT_ID, password: raw.BOT_PASSWORD, tenantId: raw.BOT_TENANT_ID },
      authMode,
      oauthConnectionName: raw.OAUTH_CONNECTION_NAME,
      graphBaseUrl: graphUrl.replace(/\/+$/, ''),
      storage,
      logLevel: raw.LOG_LEVEL,
      jobDataKey: raw.JOB_DATA_KEY,
      previousJobDataKeys: raw.JOB_DATA_KEY_PREVIOUS ?? [],
      jobLimits: { perAdmin: raw.MAX_JOBS_PER_ADMIN, perTenant: raw.MAX_JOBS_PER_TENANT },
      attachmentHosts: raw.ATTACHMENT_HOSTS ?? DEFAULT_ATTACHMENT_HOSTS,
      languageModel,
      approvalPolicy: raw.APPROVAL_POLICY ?? NO_APPROVAL_POLICY,
      graphRateScale: raw.SANDBOX_TIME_SCALE ?? 1,
    },
  };
}

const AZURE_MODEL_VARIABLES = ['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT'] as const;
const OPENAI_MODEL_VARIABLES = ['OPENAI_ENDPOINT', 'OPENAI_API_KEY', 'OPENAI_MODEL'] as const;

/** All three variables of one provider, or none of either; anything in between names what is missing. */
function languageModelFrom(raw: z.infer<typeof rawSchema>, errors: string[]): LanguageModelSettings | undefined {
  const setOf = (names: readonly (keyof typeof raw)[]) => names.filter((name) => raw[name] !== undefined);
  const azure = setOf(AZURE_MODEL_VARIABLES);
  const openai = setOf(OPENAI_MODEL_VARIABLES);
  if (azure.length > 0 && openai.length > 0) {
    errors.push('Set the AZURE_OPENAI_* variables or the OPENAI_* variables for the language model, not both');
    return undefined;
  }
  const missing = (names: readonly string[], set: readonly string[]) => names.filter((name) => !set.includes(name));
  if (azure.length > 0 && azure.length < AZURE_MODEL_VARIABLES.length) {
    errors.push(`${missing(AZURE_MODEL_VARIABLES, azure).join(' and ')} must be set too: the language model needs AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT (or none of them)`);
    return undefined;
  }
  if (openai.length > 0 && openai.length < OPENAI_MODEL_VARIABLES.length) {
    errors.push(`${missing(OPENAI_MODEL_VARIABLES, openai).join(' and ')} must be set too: the language model needs OPENAI_ENDPOINT, OPENAI_API_KEY and OPENAI_MODEL (or none of them)`);
    return undefined;
  }
  if (raw.AZURE_OPENAI_ENDPOINT && raw.AZURE_OPENAI_API_KEY && raw.AZURE_OPENAI_DEPLOYMENT) {
    return { provider: 'azure-openai', endpoint: raw.AZURE_OPENAI_ENDPOINT, apiKey: raw.AZURE_OPENAI_API_KEY, deployment: raw.AZURE_OPENAI_DEPLOYMENT };
  }
  if (raw.OPENAI_ENDPOINT && raw.OPENAI_API_KEY && raw.OPENAI_MODEL) {
    return { provider: 'openai', endpoint: raw.OPENAI_ENDPOINT.replace(/\/+$/, ''), apiKey: raw.OPENAI_API_KEY, model: raw.OPENAI_MODEL };
  }
  return undefined;
}

const jobDataKeysSchema = z.object({
  JOB_DATA_KEY: z.preprocess(blankToUndefined, jobDataKey.optional()),
  JOB_DATA_KEY_PREVIOUS: z.preprocess(blankToUndefined, previousJobDataKeys.optional()),
});

export type JobDataKeysResult = { ok: true; key: Buffer | undefined; previous: Buffer[] } | { ok: false; errors: string[] };

/** Only JOB_DATA_KEY and JOB_DATA_KEY_PREVIOUS, for tools (the CLI) that open job rows without the bot's settings. */
export function loadJobDataKeys(env: NodeJS.ProcessEnv = process.env): JobDataKeysResult {
  const parsed = jobDataKeysSchema.safeParse(env);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => describeIssue(issue, env)) };
  return { ok: true, key: parsed.data.JOB_DATA_KEY, previous: parsed.data.JOB_DATA_KEY_PREVIOUS ?? [] };
}

function describeIssue(issue: z.ZodIssue, env: NodeJS.ProcessEnv): string {
  const variable = String(issue.path[0] ?? 'environment');
  const message = issue.message.startsWith(variable) ? issue.message : `${variable}: ${issue.message}`;
  const received = env[variable];
  if (received === undefined || SECRET_VARIABLES.has(variable)) return message;
  return `${message} (got '${truncate(received)}')`;
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
