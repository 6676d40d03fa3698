import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_ENV, SAMPLE_ENV, buildAppPackage } from '../tools/app-package/build-app-package';
import { syncCommandLists } from '../tools/app-package/sync-command-lists';

const USAGE = [
  'usage: npm run package -- [--env <name>] [--out <file.zip>]   (default env: local; dev after provisioning)',
  '       npm run package -- --sync-commands   (rewrite the command menus in appPackage/manifest.json from src/bot/command-catalog.ts)',
].join('\n');

type Args = { ok: true; env: string; out?: string; syncCommands: boolean } | { ok: false; message: string };

function parseArgs(argv: readonly string[]): Args {
  let env = DEFAULT_ENV;
  let out: string | undefined;
  let syncCommands = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--help' || flag === '-h') return { ok: false, message: USAGE };
    if (flag === '--sync-commands') {
      syncCommands = true;
      continue;
    }
    if (flag !== '--env' && flag !== '--out') return { ok: false, message: `unknown argument ${arg}\n${USAGE}` };
    const value = inline ?? argv[++i];
    if (!value) return { ok: false, message: `${flag} needs a value\n${USAGE}` };
    if (flag === '--env') env = value;
    else out = value;
  }
  return { ok: true, env, syncCommands, ...(out ? { out } : {}) };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.ok) {
    console.error(args.message);
    return 2;
  }
  const projectRoot = join(__dirname, '..');
  if (args.syncCommands) {
    const path = join(projectRoot, 'appPackage', 'manifest.json');
    const before = readFileSync(path, 'utf8');
    const after = syncCommandLists(before);
    if (after !== before) writeFileSync(path, after);
    console.log(after === before ? 'appPackage/manifest.json command menus already match the catalogue.' : 'Updated the command menus in appPackage/manifest.json.');
  }
  const result = await buildAppPackage({ projectRoot, env: args.env, ...(args.out ? { outFile: join(process.cwd(), args.out) } : {}) });
  if (!result.ok) {
    console.error(`App package for env "${args.env}" not built (${result.stage}):`);
    for (const problem of result.problems) console.error(`  - ${problem}`);
    return 1;
  }
  console.log(`App package for env "${args.env}" built and validated offline: ${relative(process.cwd(), result.zipPath)}`);
  console.log(`  manifest preview: ${relative(process.cwd(), result.manifestPath)}`);
  console.log(`  values from: ${result.envSources.join(', ')}`);
  if (args.env === SAMPLE_ENV) {
    console.log('  note: sample IDs; upload the package built with --env dev after provisioning (README "Deploy to your tenant").');
  }
  return 0;
}

void main().then((code) => {
  process.exitCode = code;
});
