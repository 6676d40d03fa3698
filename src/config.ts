import { z } from 'zod';
import { isLoopbackHost } from './net/loopback';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Values that must never be echoed back in an error message. */
const SECRET_VARIABLES = new Set(['BOT_PASSWORD', 'AZURE_STORAGE_CONNECTION_STRING']);

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
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(LOG_LEVELS, { errorMap: () => ({ message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }) }).default('info'),
  ),
});

export type AuthMode = 'teams' | 'sandbox';
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
    },
  };
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
