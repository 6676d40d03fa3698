import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function quickStartLines(): string[] {
  const section = readme.split('## Quick start')[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

describe('README quick start', () => {
  it('has exactly two command lines: run, then test', () => {
    const lines = quickStartLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/npm start$/);
    expect(lines[1]).toMatch(/npm test$/);
  });

  it('is the line .ci/run runs', () => {
    const testLine = quickStartLines()[1] ?? '';
    const ciRun = readFileSync(join(root, '.ci/run'), 'utf8').split('\n');
    expect(ciRun).toContain(testLine);
  });

  it('uses only scripts that package.json defines', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const line of quickStartLines()) {
      for (const match of line.matchAll(/npm (?:run )?(\w[\w:-]*)/g)) {
        const name = match[1] ?? '';
        if (name === 'ci') continue;
        expect(scripts, `script ${name}`).toHaveProperty(name);
      }
    }
  });
});
