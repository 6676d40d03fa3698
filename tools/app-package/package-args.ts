import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_ENV } from './build-app-package';

export const PACKAGE_USAGE = [
  'usage: npm run package -- [--env <name>] [--out <file.zip>]   (default env: local; dev after provisioning)',
  '       npm run package -- --sync-commands   (rewrite the command menus in appPackage/manifest.json from src/bot/command-catalog.ts)',
].join('\n');

export interface PackageArgs {
  env: string;
  /** The zip to write, relative to the working directory; without it, build/appPackage.<env>.zip. */
  out?: string;
  syncCommands: boolean;
}

const argsSchema = z.object({
  env: z.string().min(1, 'needs a value').default(DEFAULT_ENV),
  out: z.string().min(1, 'needs a value').optional(),
  'sync-commands': z.boolean().default(false),
});

export type ParsedPackageArgs = { ok: true; value: PackageArgs } | { ok: false; message: string };

export function parsePackageArgs(argv: readonly string[]): ParsedPackageArgs {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: { env: { type: 'string' }, out: { type: 'string' }, 'sync-commands': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    return { ok: false, message: `${error instanceof Error ? error.message : String(error)}\n${PACKAGE_USAGE}` };
  }
  // --help prints the usage like a refusal (exit 2), as the script always has.
  if (values.help) return { ok: false, message: PACKAGE_USAGE };
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, message: `${parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('\n')}\n${PACKAGE_USAGE}` };
  }
  const { env, out } = parsed.data;
  return { ok: true, value: { env, syncCommands: parsed.data['sync-commands'], ...(out ? { out } : {}) } };
}
