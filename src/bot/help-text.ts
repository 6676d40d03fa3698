import { COMMAND_CATALOG } from './command-catalog';

export function helpText(): string {
  const lines = COMMAND_CATALOG.map((c) => `- ${c.usage}: ${c.description} (e.g. "${c.example}")`);
  return ['Entra Bulk Admin understands:', ...lines].join('\n');
}
