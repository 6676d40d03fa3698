import type { EnvLayer } from './env-file';

/**
 * Values that let the app package build and validate on a fresh clone (`--env local`). The GUIDs are
 * deliberately fake and the domains are example.com: the resulting zip proves the package is well formed,
 * but it can only be installed once provisioning has filled real values into env/.env.dev.
 */
export const SAMPLE_VALUES: EnvLayer = {
  source: 'built-in sample values (tools/app-package/sample-values.ts)',
  values: new Map([
    ['TEAMS_APP_ID', '00000000-0000-4000-8000-00000000a001'],
    ['BOT_ID', '00000000-0000-4000-8000-00000000b002'],
    ['BOT_DOMAIN', 'entra-bulk-admin.example.com'],
    ['DEVELOPER_NAME', 'Entra Bulk Admin (sample)'],
    ['DEVELOPER_WEBSITE_URL', 'https://entra-bulk-admin.example.com/'],
    ['DEVELOPER_PRIVACY_URL', 'https://entra-bulk-admin.example.com/privacy'],
    ['DEVELOPER_TERMS_URL', 'https://entra-bulk-admin.example.com/terms'],
  ]),
};
