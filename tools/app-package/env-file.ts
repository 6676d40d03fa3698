import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export type EnvLayer = { source: string; values: ReadonlyMap<string, string> };

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/** Parses a Teams Toolkit / dotenv style file: `KEY=value`, `#` comments, optional single or double quotes. */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const key = match[1] ?? '';
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    values.set(key, value);
  }
  return values;
}

/**
 * The layers the Teams Toolkit reads for an environment, lowest priority first: `env/.env.<name>`, then
 * `env/.env.<name>.user` (git-ignored; where provisioning writes secrets). Files that do not exist are skipped.
 */
export function readEnvLayers(projectRoot: string, envName: string): EnvLayer[] {
  const layers: EnvLayer[] = [];
  for (const file of [`.env.${envName}`, `.env.${envName}.user`]) {
    const path = join(projectRoot, 'env', file);
    if (!existsSync(path)) continue;
    layers.push({ source: relative(projectRoot, path), values: parseEnvFile(readFileSync(path, 'utf8')) });
  }
  return layers;
}
