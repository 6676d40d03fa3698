import { zipSync } from 'fflate';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { commandListProblems, iconProblems } from './app-checks';
import type { EnvLayer } from './env-file';
import { readEnvLayers } from './env-file';
import { fillJsonPlaceholders } from './placeholders';
import { SAMPLE_VALUES } from './sample-values';
import { validateManifestOffline } from './validate-manifest';

/** The environment whose missing values fall back to the built-in samples, so a fresh clone can package. */
export const SAMPLE_ENV = 'local';
export const DEFAULT_ENV = SAMPLE_ENV;

export interface BuildAppPackageOptions {
  /** Folder holding appPackage/ and env/. */
  projectRoot: string;
  /** Environment name: reads env/.env.<env> and env/.env.<env>.user. */
  env: string;
  /** Zip to write; defaults to build/appPackage.<env>.zip under projectRoot. */
  outFile?: string;
  /** Folder holding manifest.json and the icons; defaults to <projectRoot>/appPackage. */
  appPackageDir?: string;
}

export type BuildAppPackageResult =
  | { ok: true; zipPath: string; manifestPath: string; manifest: Record<string, unknown>; envSources: string[] }
  | { ok: false; stage: 'env' | 'placeholders' | 'json' | 'schema' | 'teams-rules'; problems: string[] };

// The earliest date a zip entry can carry, for every entry: the same inputs give a byte-identical package.
const ZIP_ENTRY_TIME = new Date(1980, 0, 1);

export function defaultOutFile(projectRoot: string, env: string): string {
  return join(projectRoot, 'build', `appPackage.${env}.zip`);
}

/**
 * Builds the Teams app package the way the Toolkit's `teamsApp/zipAppPackage` does, but offline: fills
 * `${{VAR}}` placeholders from env files, validates against the bundled schema and Teams' icon and menu
 * rules, and writes manifest.json + icons into a zip. Nothing is written unless every check passes.
 */
export async function buildAppPackage(options: BuildAppPackageOptions): Promise<BuildAppPackageResult> {
  const root = resolve(options.projectRoot);
  const packageDir = options.appPackageDir ?? join(root, 'appPackage');
  if (!/^[A-Za-z0-9_-]+$/.test(options.env)) {
    return { ok: false, stage: 'env', problems: [`"${options.env}" is not an environment name; use letters, digits, - or _ (e.g. local, dev)`] };
  }
  const fileLayers = readEnvLayers(root, options.env);
  if (fileLayers.length === 0 && options.env !== SAMPLE_ENV) {
    return { ok: false, stage: 'env', problems: [`env/.env.${options.env} does not exist; create it (see env/.env.dev) or pick another --env`] };
  }
  const layers: EnvLayer[] = options.env === SAMPLE_ENV ? [SAMPLE_VALUES, ...fileLayers] : fileLayers;

  const templatePath = join(packageDir, 'manifest.json');
  const filled = fillJsonPlaceholders(readFileSync(templatePath, 'utf8'), layers);
  if (!filled.ok) return { ok: false, stage: 'placeholders', problems: filled.problems };

  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(filled.text) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, stage: 'json', problems: [`${relative(root, templatePath)} is not valid JSON after filling placeholders: ${reason}`] };
  }

  const schemaProblems = await validateManifestOffline(manifest);
  if (schemaProblems.length > 0) return { ok: false, stage: 'schema', problems: schemaProblems };

  const icons = manifest.icons as { color: string; outline: string };
  const iconFiles = [
    { kind: 'color' as const, name: icons.color },
    { kind: 'outline' as const, name: icons.outline },
  ];
  const teamsProblems = commandListProblems(manifest);
  const iconBytes = new Map<string, Buffer>();
  for (const icon of iconFiles) {
    const path = join(packageDir, icon.name);
    if (!existsSync(path)) {
      teamsProblems.push(`${icon.name} (the ${icon.kind} icon named in manifest.json) is missing from ${relative(root, packageDir) || '.'}`);
      continue;
    }
    const bytes = readFileSync(path);
    iconBytes.set(icon.name, bytes);
    teamsProblems.push(...iconProblems(icon.kind, icon.name, bytes));
  }
  if (teamsProblems.length > 0) return { ok: false, stage: 'teams-rules', problems: teamsProblems };

  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const zipPath = resolve(options.outFile ?? defaultOutFile(root, options.env));
  const manifestPath = join(dirname(zipPath), `manifest.${options.env}.json`);
  mkdirSync(dirname(zipPath), { recursive: true });
  const entries = new Map<string, Uint8Array>([['manifest.json', Buffer.from(manifestJson, 'utf8')], ...iconBytes]);
  writeFileSync(zipPath, zipSync(Object.fromEntries(entries), { level: 9, mtime: ZIP_ENTRY_TIME }));
  writeFileSync(manifestPath, manifestJson);
  return { ok: true, zipPath, manifestPath, manifest, envSources: layers.map((layer) => layer.source) };
}
