import { describe, expect, it } from 'vitest';
import { PACKAGE_USAGE, parsePackageArgs } from '../../../tools/app-package/package-args';

describe('parsePackageArgs', () => {
  it('defaults to the local sample environment', () => {
    expect(parsePackageArgs([])).toEqual({ ok: true, value: { env: 'local', syncCommands: false } });
  });

  it('reads --env, --out (also as --flag=value) and --sync-commands', () => {
    expect(parsePackageArgs(['--env', 'dev', '--out=build/x.zip', '--sync-commands'])).toEqual({
      ok: true,
      value: { env: 'dev', out: 'build/x.zip', syncCommands: true },
    });
  });

  it('answers --help with the usage', () => {
    expect(parsePackageArgs(['-h'])).toEqual({ ok: false, message: PACKAGE_USAGE });
  });

  it('refuses an unknown argument, a missing value and an empty one, with the usage', () => {
    for (const argv of [['--zip'], ['--env'], ['--env=']]) {
      const parsed = parsePackageArgs(argv);
      expect(parsed.ok, argv.join(' ')).toBe(false);
      if (!parsed.ok) expect(parsed.message.endsWith(`\n${PACKAGE_USAGE}`)).toBe(true);
    }
    expect(parsePackageArgs(['--env='])).toEqual({ ok: false, message: `--env needs a value\n${PACKAGE_USAGE}` });
    const unknown = parsePackageArgs(['--zip']);
    expect(unknown.ok ? '' : unknown.message).toMatch(/^Unknown option '--zip'/);
  });
});
