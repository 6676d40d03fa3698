import { describe, expect, it } from 'vitest';
import { loadConfig, loadJobDataKeys } from '../../../src/config';

const BOT_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const production = { BOT_ID, BOT_PASSWORD: 's3cret-value', BOT_TENANT_ID: TENANT };

function errorsFor(env: Record<string, string>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(env)}`);
  return result.errors;
}

describe('loadConfig defaults (local mode)', () => {
  it('runs locally with no variables at all', () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        port: 3978,
        host: '127.0.0.1',
        localMode: true,
        bot: { id: '', password: '', tenantId: undefined },
        authMode: 'sandbox',
        oauthConnectionName: 'graph',
        graphBaseUrl: 'http://127.0.0.1:5380/v1.0',
        storage: { kind: 'memory' },
        logLevel: 'info',
        jobDataKey: undefined,
        previousJobDataKeys: [],
        jobLimits: { perAdmin: 3, perTenant: 10 },
        attachmentHosts: ['*.sharepoint.com'],
        approvalPolicy: [],
        graphRateScale: 1,
      },
    });
  });

  it('reads SANDBOX_TIME_SCALE in local mode only, where it speeds up the Graph pacing to the sandbox\'s clock', () => {
    const local = loadConfig({ SANDBOX_TIME_SCALE: '10' });
    expect(local.ok && local.config.graphRateScale).toBe(10);
    const production = loadConfig({ BOT_ID: '00000000-0000-0000-0000-000000000001', BOT_PASSWORD: 'x', BOT_TENANT_ID: '00000000-0000-0000-0000-000000000002', SANDBOX_TIME_SCALE: '10' });
    expect(production.ok).toBe(false);
    if (!production.ok) expect(production.errors.some((e) => e.startsWith('SANDBOX_TIME_SCALE'))).toBe(true);
    const invalid = loadConfig({ SANDBOX_TIME_SCALE: 'fast' });
    expect(invalid.ok).toBe(false);
  });

  it('reads ATTACHMENT_HOSTS as a list of host names, lower-cased', () => {
    const result = loadConfig({ ATTACHMENT_HOSTS: '*.SharePoint.us, files.contoso.com *.sharepoint-mil.us' });
    expect(result.ok && result.config.attachmentHosts).toEqual(['*.sharepoint.us', 'files.contoso.com', '*.sharepoint-mil.us']);
  });

  it('reads APPROVAL_POLICY as one rule per kind', () => {
    const result = loadConfig({ APPROVAL_POLICY: 'delete-users>10, purge>0,create-users > 200' });
    expect(result.ok && result.config.approvalPolicy).toEqual([
      { kind: 'delete-users', moreThan: 10 },
      { kind: 'purge', moreThan: 0 },
      { kind: 'create-users', moreThan: 200 },
    ]);
  });

  it('refuses to start on a malformed APPROVAL_POLICY, naming the bad entry and the fix', () => {
    const errors = errorsFor({ APPROVAL_POLICY: 'delete-users>10, delete-user>5' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("APPROVAL_POLICY entry 'delete-user>5'");
    expect(errors[0]).toContain('use one of restore, purge, invite, create-users, delete-users');
  });

  it('treats blank values as unset', () => {
    const result = loadConfig({ PORT: '', AUTH_MODE: ' ', LOG_LEVEL: '', STORAGE: '' });
    expect(result.ok && result.config.port).toBe(3978);
  });

  it('switches to production defaults when the bot has credentials', () => {
    const result = loadConfig(production);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      localMode: false,
      host: '0.0.0.0',
      authMode: 'teams',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      bot: { id: BOT_ID, password: 's3cret-value', tenantId: TENANT },
    });
  });

  it('accepts a national cloud Graph URL and strips the trailing slash', () => {
    const result = loadConfig({ ...production, GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0/' });
    expect(result.ok && result.config.graphBaseUrl).toBe('https://graph.microsoft.us/v1.0');
  });
});

describe('loadConfig error messages name the variable and what it expects', () => {
  it.each([
    [{ PORT: 'abc' }, "PORT must be a whole number from 1 to 65535 (got 'abc')"],
    [{ PORT: '70000' }, "PORT must be a whole number from 1 to 65535 (got '70000')"],
    [{ PORT: '3.5' }, "PORT must be a whole number from 1 to 65535 (got '3.5')"],
    [{ BOT_ID: 'my-bot' }, "BOT_ID must be empty (local mode) or the bot's Microsoft App ID, a GUID (got 'my-bot')"],
    [{ ...production, BOT_TENANT_ID: 'contoso' }, "BOT_TENANT_ID must be your Entra tenant ID, a GUID (got 'contoso')"],
    [{ AUTH_MODE: 'app' }, "AUTH_MODE must be 'teams' or 'sandbox' (got 'app')"],
    [{ GRAPH_BASE_URL: 'not a url' }, "GRAPH_BASE_URL must be an https URL or a loopback http URL (got 'not a url')"],
    [{ GRAPH_BASE_URL: 'http://graph.example.com/v1.0' }, "GRAPH_BASE_URL must be an https URL or a loopback http URL (got 'http://graph.example.com/v1.0')"],
    [{ STORAGE: 'sqlite' }, "STORAGE must be 'memory' or 'azure' (got 'sqlite')"],
    [{ ATTACHMENT_HOSTS: 'https://contoso.sharepoint.com' }, "ATTACHMENT_HOSTS must be host names such as *.sharepoint.com or files.contoso.com, separated by commas (got 'https://contoso.sharepoint.com')"],
    [{ ATTACHMENT_HOSTS: '*' }, "ATTACHMENT_HOSTS must be host names such as *.sharepoint.com or files.contoso.com, separated by commas (got '*')"],
    [{ ATTACHMENT_HOSTS: '*.com' }, "ATTACHMENT_HOSTS must be host names such as *.sharepoint.com or files.contoso.com, separated by commas (got '*.com')"],
    [{ LOG_LEVEL: 'loud' }, "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got 'loud')"],
    [{ MAX_JOBS_PER_ADMIN: '0' }, "MAX_JOBS_PER_ADMIN must be a whole number from 1 to 1000 (got '0')"],
    [{ MAX_JOBS_PER_TENANT: 'lots' }, "MAX_JOBS_PER_TENANT must be a whole number from 1 to 1000 (got 'lots')"],
    [{ JOB_DATA_KEY: 'c2hvcnQ=' }, 'JOB_DATA_KEY must be 32 random bytes in base64 (e.g. the output of `openssl rand -base64 32`)'],
    [{ AZURE_STORAGE_ACCOUNT_URL: 'storage' }, "AZURE_STORAGE_ACCOUNT_URL must be a URL such as https://<account>.blob.core.windows.net (got 'storage')"],
  ])('%j', (env, message) => {
    expect(errorsFor(env)).toContain(message);
  });

  it('needs the password and tenant when BOT_ID is set', () => {
    expect(errorsFor({ BOT_ID })).toEqual([
      "BOT_PASSWORD must be set to the bot's client secret when BOT_ID is set",
      'BOT_TENANT_ID must be set to your Entra tenant ID (a GUID) when BOT_ID is set',
    ]);
  });

  it('refuses teams auth without bot credentials', () => {
    expect(errorsFor({ AUTH_MODE: 'teams' })).toContain(
      "AUTH_MODE 'teams' needs BOT_ID, BOT_PASSWORD and BOT_TENANT_ID; leave AUTH_MODE unset or 'sandbox' for local mode",
    );
  });

  it('refuses sandbox auth in production', () => {
    expect(errorsFor({ ...production, AUTH_MODE: 'sandbox' })).toContain(
      "AUTH_MODE 'sandbox' is for local mode only: unset BOT_ID, or set AUTH_MODE=teams in production",
    );
  });

  it('keeps sandbox tokens on loopback', () => {
    expect(errorsFor({ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' })).toContain(
      'GRAPH_BASE_URL must be a loopback http URL (the local Graph sandbox) when AUTH_MODE is sandbox',
    );
  });

  it('needs a storage account for azure storage', () => {
    expect(errorsFor({ STORAGE: 'azure' })).toContain(
      "AZURE_STORAGE_CONNECTION_STRING must be set when STORAGE is 'azure' (or AZURE_STORAGE_ACCOUNT_URL to use a managed identity)",
    );
    const withString = loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
    expect(withString.ok && withString.config.storage).toEqual({ kind: 'azure', connectionString: 'UseDevelopmentStorage=true' });
    const withUrl = loadConfig({ STORAGE: 'azure', AZURE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net' });
    expect(withUrl.ok && withUrl.config.storage).toEqual({ kind: 'azure', accountUrl: 'https://acct.blob.core.windows.net' });
  });

  it('reports every problem at once', () => {
    expect(errorsFor({ PORT: 'x', STORAGE: 'disk', LOG_LEVEL: 'loud' })).toHaveLength(3);
  });

  it('never echoes a secret value back', () => {
    const errors = errorsFor({ ...production, PORT: 'x', AZURE_STORAGE_CONNECTION_STRING: 'AccountKey=abc', STORAGE: 'bad' });
    expect(errors.join('\n')).not.toContain('s3cret-value');
    expect(errors.join('\n')).not.toContain('AccountKey=abc');
  });

  it('never echoes a malformed job data key', () => {
    const errors = errorsFor({ JOB_DATA_KEY: 'not-base64-but-secret!' });
    expect(errors.join('\n')).not.toContain('not-base64-but-secret');
  });
});

describe('job data key and job limits', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const azure = { STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };

  it('requires a key for Azure storage in production, where rows outlive the process', () => {
    expect(errorsFor({ ...production, ...azure }).join('\n')).toContain("JOB_DATA_KEY must be set when STORAGE is 'azure' in production");
    const withKey = loadConfig({ ...production, ...azure, JOB_DATA_KEY: key });
    expect(withKey.ok && withKey.config.jobDataKey?.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('lets local mode and memory storage run without one', () => {
    expect(loadConfig(azure).ok).toBe(true);
    expect(loadConfig(production).ok).toBe(true);
  });

  it('reads earlier keys for rotation, and only next to a current one', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    const older = Buffer.alloc(32, 2).toString('base64');
    const result = loadConfig({ JOB_DATA_KEY: key, JOB_DATA_KEY_PREVIOUS: `${old}, ${older}` });
    expect(result.ok && result.config.previousJobDataKeys.map((k) => k[0])).toEqual([1, 2]);
    expect(errorsFor({ JOB_DATA_KEY_PREVIOUS: old })).toEqual([
      'JOB_DATA_KEY_PREVIOUS needs JOB_DATA_KEY: set the new key there and keep the old ones in JOB_DATA_KEY_PREVIOUS',
    ]);
    const bad = errorsFor({ JOB_DATA_KEY: key, JOB_DATA_KEY_PREVIOUS: `${old},secret-looking-junk` });
    expect(bad.join('\n')).toContain('JOB_DATA_KEY_PREVIOUS must be earlier JOB_DATA_KEY values');
    expect(bad.join('\n')).not.toContain('secret-looking-junk');
  });

  it('reads just the keys for the CLI, with the same checks and no echo', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    const keys = loadJobDataKeys({ JOB_DATA_KEY: key, JOB_DATA_KEY_PREVIOUS: old, PORT: 'not checked here' });
    expect(keys.ok && keys.key?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(keys.ok && keys.previous.length).toBe(1);
    expect(loadJobDataKeys({})).toEqual({ ok: true, key: undefined, previous: [] });
    expect(loadJobDataKeys({ JOB_DATA_KEY: 'short-secret' })).toEqual({
      ok: false,
      errors: ['JOB_DATA_KEY must be 32 random bytes in base64 (e.g. the output of `openssl rand -base64 32`)'],
    });
  });

  it('reads the concurrent job limits and keeps the per-admin one within the per-tenant one', () => {
    const result = loadConfig({ MAX_JOBS_PER_ADMIN: '2', MAX_JOBS_PER_TENANT: '5' });
    expect(result.ok && result.config.jobLimits).toEqual({ perAdmin: 2, perTenant: 5 });
    expect(errorsFor({ MAX_JOBS_PER_ADMIN: '6', MAX_JOBS_PER_TENANT: '5' })).toEqual([
      'MAX_JOBS_PER_ADMIN (6) cannot be larger than MAX_JOBS_PER_TENANT (5)',
    ]);
  });
});

describe('the optional language model', () => {
  const azure = { AZURE_OPENAI_ENDPOINT: 'https://contoso-ai.openai.azure.com/', AZURE_OPENAI_API_KEY: '0123456789abcdef0123456789abcdef', AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-mini' };
  const openai = { OPENAI_ENDPOINT: 'https://api.openai.com/v1/', OPENAI_API_KEY: 'sk-secret-openai-key-000000', OPENAI_MODEL: 'gpt-4o-mini' };

  it('is off when none of its variables are set (or they are blank)', () => {
    const result = loadConfig({ OPENAI_ENDPOINT: ' ', AZURE_OPENAI_API_KEY: '' });
    expect(result.ok && result.config.languageModel).toBeUndefined();
  });

  it('reads an Azure OpenAI deployment or an OpenAI-compatible API', () => {
    const onAzure = loadConfig(azure);
    expect(onAzure.ok && onAzure.config.languageModel).toEqual({
      provider: 'azure-openai',
      endpoint: 'https://contoso-ai.openai.azure.com/',
      apiKey: azure.AZURE_OPENAI_API_KEY,
      deployment: 'gpt-4o-mini',
    });
    const onOpenAi = loadConfig(openai);
    expect(onOpenAi.ok && onOpenAi.config.languageModel).toEqual({ provider: 'openai', endpoint: 'https://api.openai.com/v1', apiKey: openai.OPENAI_API_KEY, model: 'gpt-4o-mini' });
    const local = loadConfig({ ...openai, OPENAI_ENDPOINT: 'http://127.0.0.1:11434/v1' });
    expect(local.ok && local.config.languageModel?.endpoint).toBe('http://127.0.0.1:11434/v1');
  });

  it('names the missing variable of a partial configuration', () => {
    expect(errorsFor({ AZURE_OPENAI_ENDPOINT: azure.AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY: azure.AZURE_OPENAI_API_KEY })).toEqual([
      'AZURE_OPENAI_DEPLOYMENT must be set too: the language model needs AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT (or none of them)',
    ]);
    expect(errorsFor({ OPENAI_API_KEY: openai.OPENAI_API_KEY })).toEqual([
      'OPENAI_ENDPOINT and OPENAI_MODEL must be set too: the language model needs OPENAI_ENDPOINT, OPENAI_API_KEY and OPENAI_MODEL (or none of them)',
    ]);
    expect(errorsFor({ ...azure, ...openai })).toEqual(['Set the AZURE_OPENAI_* variables or the OPENAI_* variables for the language model, not both']);
  });

  it('needs https, except an OpenAI-compatible server on loopback', () => {
    expect(errorsFor({ ...azure, AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:8080' })[0]).toContain('AZURE_OPENAI_ENDPOINT must be an https URL');
    expect(errorsFor({ ...openai, OPENAI_ENDPOINT: 'http://models.contoso.com/v1' })[0]).toContain('OPENAI_ENDPOINT must be an https URL or a loopback http URL');
  });

  it('never echoes a key', () => {
    const errors = errorsFor({ AZURE_OPENAI_API_KEY: azure.AZURE_OPENAI_API_KEY, OPENAI_API_KEY: openai.OPENAI_API_KEY, OPENAI_ENDPOINT: 'nope' }).join('\n');
    expect(errors).not.toContain(azure.AZURE_OPENAI_API_KEY);
    expect(errors).not.toContain(openai.OPENAI_API_KEY);
  });
});
