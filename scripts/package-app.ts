import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SAMPLE_ENV, buildAppPackage } from '../tools/app-package/build-app-package';
import { parsePackageArgs } from '../tools/app-package/package-args';
import { syncCommandLists } from '../tools/app-package/sync-command-lists';

async function main(): Promise<number> {
  const parsed = parsePackageArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.message);
    return 2;
  }
  const args = parsed.value;
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
