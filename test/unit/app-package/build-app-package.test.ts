import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAppPackage } from '../../../tools/app-package/build-app-package';
import { SAMPLE_VALUES } from '../../../tools/app-package/sample-values';
import { validateManifestOffline } from '../../../tools/app-package/validate-manifest';

const repoRoot = join(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'app-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const VALID_ENV = [
  'TEAMS_APP_ID=11111111-2222-4333-8444-555555555555',
  'BOT_ID=66666666-7777-4888-9999-000000000000',
  'BOT_DOMAIN=bot.contoso.example',
  'DEVELOPER_NAME=Contoso IT',
  'DEVELOPER_WEBSITE_URL=https://contoso.example/it',
  'DEVELOPER_PRIVACY_URL=https://contoso.example/privacy',
  'DEVELOPER_TERMS_URL=https://contoso.example/terms',
].join('\n');

let projects = 0;
/** A throwaway copy of the real appPackage/ with the given env files, so a test can break one thing at a time. */
function project(envFiles: Record<string, string>, editManifest?: (manifest: Record<string, unknown>) => void): string {
  const root = join(scratch, `project-${++projects}`);
  cpSync(join(repoRoot, 'appPackage'), join(root, 'appPackage'), { recursive: true });
  mkdirSync(join(root, 'env'));
  for (const [name, text] of Object.entries(envFiles)) writeFileSync(join(root, 'env', name), text);
  if (editManifest) {
    const path = join(root, 'appPackage', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    editManifest(manifest);
    writeFileSync(path, JSON.stringify(manifest, null, 2));
  }
  return root;
}

// Each build compiles the Teams JSON schema with ajv, which takes a moment on a busy runner.
describe('buildAppPackage on the real appPackage/', { timeout: 30_000 }, () => {
  it('builds the local sample package offline: a zip of manifest.json and both icons that validates', async () => {
    const outFile = join(scratch, 'out', 'appPackage.local.zip');
    const result = await buildAppPackage({ projectRoot: repoRoot, env: 'local', outFile });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;

    const zip = unzipSync(readFileSync(outFile));
    expect(Object.keys(zip).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifestText = Buffer.from(zip['manifest.json'] ?? []).toString('utf8');
    expect(manifestText).not.toContain('${{');
    const manifest = JSON.parse(manifestText) as { id: string; bots: Array<{ botId: string }>; webApplicationInfo: { resource: string } };
    const sampleBotId = SAMPLE_VALUES.values.get('BOT_ID');
    expect(manifest.bots[0]?.botId).toBe(sampleBotId);
    expect(manifest.webApplicationInfo.resource).toBe(`api://botid-${sampleBotId}`);
    expect(await validateManifestOffline(manifest)).toEqual([]);

    for (const [name, size] of [['color.png', 192], ['outline.png', 32]] as const) {
      const inZip = Buffer.from(zip[name] ?? []);
      expect(inZip.equals(readFileSync(join(repoRoot, 'appPackage', name))), name).toBe(true);
      expect(PNG.sync.read(Buffer.from(inZip)), name).toMatchObject({ width: size, height: size });
    }
    expect(JSON.parse(readFileSync(result.manifestPath, 'utf8'))).toEqual(manifest);
  });

  it('writes the same bytes for the same inputs, so a rebuilt package only differs when its content does', async () => {
    const first = join(scratch, 'stable', 'first.zip');
    const second = join(scratch, 'stable', 'second.zip');
    expect((await buildAppPackage({ projectRoot: repoRoot, env: 'local', outFile: first })).ok).toBe(true);
    expect((await buildAppPackage({ projectRoot: repoRoot, env: 'local', outFile: second })).ok).toBe(true);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
    // The first local header's DOS time and date: 00:00 on 1980-01-01, not the time of the build.
    expect([readFileSync(first).readUInt16LE(10), readFileSync(first).readUInt16LE(12)]).toEqual([0, (1 << 5) | 1]);
  });
});

describe('buildAppPackage failures', { timeout: 30_000 }, () => {
  it('fails with the schema message for an invalid manifest and writes nothing', async () => {
    const root = project({ '.env.test': VALID_ENV }, (manifest) => {
      manifest.name = { short: 'Entra Bulk Admin for the whole wide world', full: 'x' };
    });
    const outFile = join(root, 'build', 'x.zip');
    const result = await buildAppPackage({ projectRoot: root, env: 'test', outFile });
    expect(result).toEqual({
      ok: false,
      stage: 'schema',
      problems: ['/name/short must NOT have more than 30 characters. Details: {"limit":30}'],
    });
    expect(existsSync(outFile)).toBe(false);
  });

  it('names a variable the env files do not define, and the files it looked in', async () => {
    const root = project({ '.env.test': VALID_ENV.replace(/^BOT_DOMAIN=.*$/m, '') });
    const result = await buildAppPackage({ projectRoot: root, env: 'test' });
    expect(result).toEqual({
      ok: false,
      stage: 'placeholders',
      problems: ['BOT_DOMAIN is not set in env/.env.test: add BOT_DOMAIN=<value> to one of them'],
    });
  });

  it('lets env/.env.<env>.user override env/.env.<env>, as the toolkit does', async () => {
    const root = project({
      '.env.test': VALID_ENV.replace(/^BOT_ID=.*$/m, 'BOT_ID='),
      '.env.test.user': 'BOT_ID=abcdefab-1234-4123-8123-abcdefabcdef\n',
    });
    const result = await buildAppPackage({ projectRoot: root, env: 'test' });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect((result.manifest.bots as Array<{ botId: string }>)[0]?.botId).toBe('abcdefab-1234-4123-8123-abcdefabcdef');
  });

  it('passes a value that is not a GUID through to the schema, which rejects it', async () => {
    const root = project({ '.env.test': VALID_ENV.replace(/^TEAMS_APP_ID=.*$/m, 'TEAMS_APP_ID=my-app') });
    const result = await buildAppPackage({ projectRoot: root, env: 'test' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toMatch(/^\/id must match pattern/m);
  });

  it('applies the Teams rules the schema cannot: icon sizes and the 10-command menu limit', async () => {
    const root = project({ '.env.test': VALID_ENV }, (manifest) => {
      manifest.icons = { color: 'outline.png', outline: 'outline.png' };
      const bots = manifest.bots as Array<{ commandLists: Array<{ commands: Array<{ title: string }> }> }>;
      const list = bots[0]?.commandLists[0];
      if (list) list.commands = Array.from({ length: 11 }, (_, i) => ({ title: `command ${i}` }));
    });
    const result = await buildAppPackage({ projectRoot: root, env: 'test' });
    expect(result).toEqual({
      ok: false,
      stage: 'teams-rules',
      problems: [
        '/bots/0/commandLists/0 (personal) has 11 commands; Teams shows at most 10',
        'outline.png is 32×32; the color icon must be 192×192',
      ],
    });
  });

  it('treats a blank value as missing, and suggests the sample package', async () => {
    const root = project({ '.env.test': VALID_ENV.replace(/^BOT_ID=.*$/m, 'BOT_ID=') });
    const outFile = join(root, 'build', 'test.zip');
    const result = await buildAppPackage({ projectRoot: root, env: 'test', outFile });
    expect(result).toEqual({
      ok: false,
      stage: 'placeholders',
      problems: [
        'BOT_ID is empty in env/.env.test: set it there (README "Deploy to your tenant" says where each value comes from), or build the sample package with --env local',
      ],
    });
    expect(existsSync(outFile)).toBe(false);
  });

  it('says which environment file is missing', async () => {
    const result = await buildAppPackage({ projectRoot: project({}), env: 'prod' });
    expect(result).toEqual({
      ok: false,
      stage: 'env',
      problems: ['env/.env.prod does not exist; create it (see env/.env.dev) or pick another --env'],
    });
  });
});
