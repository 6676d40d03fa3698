import { createJobStore } from '../jobs/create-job-store';
import type { JobStore } from '../jobs/job-store';

/**
 * The CLI keeps jobs where the bot does when AZURE_STORAGE_CONNECTION_STRING is set (a storage account, or Azurite);
 * otherwise in memory, which is enough for `run` but leaves nothing for `jobs`, `status` or `resume` to find.
 */
export async function jobStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<{ store: JobStore; durable: boolean }> {
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING?.trim();
  if (connectionString) return { store: await createJobStore({ kind: 'connection-string', connectionString }), durable: true };
  return { store: await createJobStore({ kind: 'memory' }), durable: false };
}
