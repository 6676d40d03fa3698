// The README's test command runs this: it prepares what the tests need on a fresh machine, then runs
// every vitest project once, writing a JSON report that .ci/run turns into its summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function hasTests(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true }).some((name) => String(name).endsWith('.test.ts'));
}

function chromiumPath() {
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function ensureChromium() {
  if (chromiumPath()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error('The end-to-end tests need Chromium: run `sudo apt-get install -y chromium` and try again.');
    process.exit(1);
  }
  console.log('Installing Debian\'s chromium for the end-to-end tests (one time)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0
    ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env })
    : update;
  if (install.status !== 0 || !chromiumPath()) {
    console.error('Could not install chromium with apt-get; the end-to-end tests cannot run.');
    process.exit(1);
  }
}

if (hasTests(join(root, 'test/e2e'))) ensureChromium();

mkdirSync(join(root, 'test-results'), { recursive: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', cwd: root, env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } });
process.exit(run.status ?? 1);
