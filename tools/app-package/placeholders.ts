import type { EnvLayer } from './env-file';

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type FillResult = { ok: true; text: string; used: string[] } | { ok: false; problems: string[] };

export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * Replaces `${{NAME}}` in a JSON template with values from the env layers (later layers win), escaping each
 * value for a JSON string. A name that is missing or blank in every layer is a problem that names the
 * variable and the files that were read, so the fix is obvious.
 */
export function fillJsonPlaceholders(template: string, layers: readonly EnvLayer[]): FillResult {
  const lookup = (name: string): string | undefined => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const value = layers[i]?.values.get(name);
      if (value !== undefined && value.trim() !== '') return value.trim();
    }
    return undefined;
  };
  const files = layers.map((layer) => layer.source).join(', ') || 'no env file';
  const problems: string[] = [];
  for (const name of placeholderNames(template)) {
    if (lookup(name) !== undefined) continue;
    const blankIn = layers.filter((layer) => layer.values.has(name)).map((layer) => layer.source);
    problems.push(
      blankIn.length > 0
        ? `${name} is empty in ${blankIn.join(' and ')}: set it there (README "Deploy to your tenant" says where each value comes from), or build the sample package with --env local`
        : `${name} is not set in ${files}: add ${name}=<value> to one of them`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  const text = template.replace(PLACEHOLDER, (_whole, name: string) => JSON.stringify(lookup(name)).slice(1, -1));
  return { ok: true, text, used: placeholderNames(template) };
}
