import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../../tools/app-package/env-file';
import { fillJsonPlaceholders, placeholderNames } from '../../../tools/app-package/placeholders';

const root = join(__dirname, '../../..');
const SECRET_NAME = /SECRET|PASSWORD|CONNECTION_STRING|ACCOUNT_KEY|CLIENT_SECRET|TOKEN|SAS/i;
const SECRET_VALUE = /AccountKey=|SharedAccessSignature=|[?&]sig=|-----BEGIN|[A-Za-z0-9~_.-]{3}\dQ~[A-Za-z0-9~_.-]{20,}/;

describe('committed env files', () => {
  const committed = readdirSync(join(root, 'env')).filter((name) => !name.endsWith('.user'));

  it('include the dev environment and a sample of its git-ignored .user file', () => {
    expect(committed).toEqual(expect.arrayContaining(['.env.dev', '.env.dev.user.sample']));
  });

  it('hold no secrets: secret-named variables are empty and no value looks like a key', () => {
    for (const name of committed) {
      const values = parseEnvFile(readFileSync(join(root, 'env', name), 'utf8'));
      for (const [key, value] of values) {
        if (SECRET_NAME.test(key)) expect(value, `${name}: ${key}`).toBe('');
        expect(value, `${name}: ${key}`).not.toMatch(SECRET_VALUE);
      }
    }
  });

  it('give the dev deployment the production runtime settings', () => {
    const dev = parseEnvFile(readFileSync(join(root, 'env/.env.dev'), 'utf8'));
    expect(dev.get('AUTH_MODE')).toBe('teams');
    expect(dev.get('STORAGE')).toBe('azure');
    expect(dev.get('OAUTH_CONNECTION_NAME')).toBe('graph');
    expect(dev.get('GRAPH_BASE_URL')).toBe('https://graph.microsoft.com/v1.0');
    for (const name of placeholderNames(readFileSync(join(root, 'appPackage/manifest.json'), 'utf8'))) {
      expect(dev.has(name), `env/.env.dev should list ${name}`).toBe(true);
    }
  });

  it('are ignored by git when they hold provisioned secrets', () => {
    const gitignore = readFileSync(join(root, '.gitignore'), 'utf8').split('\n');
    expect(gitignore).toContain('env/.env.*.user');
  });
});

describe('infra and toolkit files', () => {
  it('pass the bot secret to Azure only through a SECRET_ placeholder and a @secure() parameter', () => {
    const parameters = readFileSync(join(root, 'infra/azure.parameters.json'), 'utf8');
    expect(parameters).toContain('"value": "${{SECRET_BOT_PASSWORD}}"');
    const bicep = readFileSync(join(root, 'infra/azure.bicep'), 'utf8');
    expect(bicep).toMatch(/@secure\(\)\n(@description\([^\n]*\)\n)?param botAadAppClientSecret string/);
  });

  it('give the App Service every setting src/config.ts needs in production', () => {
    const bicep = readFileSync(join(root, 'infra/azure.bicep'), 'utf8');
    for (const setting of ['BOT_ID', 'BOT_PASSWORD', 'BOT_TENANT_ID', 'AUTH_MODE', 'OAUTH_CONNECTION_NAME', 'GRAPH_BASE_URL', 'STORAGE', 'AZURE_STORAGE_ACCOUNT_URL', 'AZURE_STORAGE_CONNECTION_STRING']) {
      expect(bicep, setting).toContain(`name: '${setting}'`);
    }
    expect(bicep).toContain("linuxFxVersion: 'NODE|20-lts'");
  });

  it('teamsapp.yml provisions, deploys and publishes with files that exist', () => {
    const yml = readFileSync(join(root, 'teamsapp.yml'), 'utf8');
    expect(yml).toMatch(/^version: v1\.\d+$/m);
    for (const stage of ['provision:', 'deploy:', 'publish:']) expect(yml).toMatch(new RegExp(`^${stage}$`, 'm'));
    for (const action of ['teamsApp/create', 'aadApp/create', 'aadApp/update', 'arm/deploy', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/update', 'cli/runNpmCommand', 'azureAppService/zipDeploy', 'teamsApp/publishAppPackage']) {
      expect(yml, action).toContain(`uses: ${action}`);
    }
    for (const match of yml.matchAll(/(?:manifestPath|path|parameters|ignoreFile): \.\/(\S+)/g)) {
      const file = match[1] ?? '';
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });
});

describe('parseEnvFile', () => {
  it('reads KEY=value lines, quotes, comments and blanks the way the toolkit writes them', () => {
    const values = parseEnvFile(['\uFEFF# comment', '', 'A=1', 'export B = two words ', 'C="quoted # not a comment"', "D='single'", 'E=value # trailing comment', 'F=', 'not a line'].join('\r\n'));
    expect([...values]).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', 'quoted # not a comment'],
      ['D', 'single'],
      ['E', 'value'],
      ['F', ''],
    ]);
  });
});

describe('fillJsonPlaceholders', () => {
  const layer = (source: string, entries: Record<string, string>) => ({ source, values: new Map(Object.entries(entries)) });

  it('escapes values for JSON strings, and later layers win', () => {
    const result = fillJsonPlaceholders('{"a": "${{A}}", "b": "x-${{ B }}-y"}', [layer('base', { A: 'first', B: 'b' }), layer('user', { A: 'say "hi" \\ there' })]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(JSON.parse(result.text)).toEqual({ a: 'say "hi" \\ there', b: 'x-b-y' });
  });

  it('reports every missing variable at once', () => {
    expect(fillJsonPlaceholders('["${{A}}", "${{B}}", "${{A}}"]', [layer('env/.env.x', { A: ' ' })])).toEqual({
      ok: false,
      problems: [
        'A is empty in env/.env.x: set it there (README "Deploy to your tenant" says where each value comes from), or build the sample package with --env local',
        'B is not set in env/.env.x: add B=<value> to one of them',
      ],
    });
  });
});
