import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';

const MICROSOFT_TEAMS_SCHEMA =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v\d+\.\d+|vDevPreview)\/MicrosoftTeams\.schema\.json$/i;

type ValidatorInput = Parameters<typeof AppManifestUtils.validateAgainstSchema>;

/** The JSON schema `@microsoft/app-manifest` bundles for this manifest's `$schema`, or why there is none offline. */
export function bundledSchemaFor(manifest: unknown): { ok: true; version: string; schema: unknown } | { ok: false; reason: string } {
  const schemaUrl = typeof manifest === 'object' && manifest !== null && '$schema' in manifest ? manifest.$schema : undefined;
  if (typeof schemaUrl !== 'string') return { ok: false, reason: 'manifest.json has no "$schema"; set it to https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json' };
  const version = MICROSOFT_TEAMS_SCHEMA.exec(schemaUrl)?.[1];
  if (!version) return { ok: false, reason: `"$schema" ${schemaUrl} is not a Microsoft Teams manifest schema URL, so it cannot be validated offline` };
  const packageDir = dirname(require.resolve('@microsoft/app-manifest'));
  const path = join(packageDir, 'json-schemas', 'teams', version, 'MicrosoftTeams.schema.json');
  if (!existsSync(path)) return { ok: false, reason: `@microsoft/app-manifest does not bundle the Teams manifest schema ${version}` };
  // The package itself rewrites these escapes before parsing; some bundled schemas contain them.
  const text = readFileSync(path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return { ok: true, version, schema: JSON.parse(text) as unknown };
}

/**
 * Validates a filled-in manifest against the schema bundled with `@microsoft/app-manifest`, never over the
 * network. Returns the schema's own messages (`/name/short must NOT have more than 30 characters…`).
 */
export async function validateManifestOffline(manifest: unknown): Promise<string[]> {
  const bundled = bundledSchemaFor(manifest);
  if (!bundled.ok) return [bundled.reason];
  // Adapter: the library types the manifest and schema as its generated classes; it only hands them to ajv.
  const messages = await AppManifestUtils.validateAgainstSchema(manifest as ValidatorInput[0], bundled.schema as ValidatorInput[1]);
  return messages.map((message) => (message.startsWith(' ') ? `(manifest root)${message}` : message));
}
