import { loadJobDataKeys } from '../config';
import { createJobStore } from '../jobs/create-job-store';
import type { JobStore } from '../jobs/job-store';
import { useJobDataKey } from '../jobs/row-secrets';

/**
 * The CLI keeps jobs where the bot does when AZURE_STORAGE_CONNECTION_STRING is set (a storage account, or Azurite);
 * otherwise in memory, which is enough for `run` but leaves nothing for `jobs`, `status` or `resume` to find.
 * With a durable store it uses the bot's JOB_DATA_KEY, so a create-users job started by one can be resumed by the other.
 */
export async function jobStoreFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<{ store: JobStore; durable: boolean }> {
  const keys = loadJobDataKeys(env);
  if (!keys.ok) throw new Error(keys.errors.join('\n'));
  if (keys.key) useJobDataKey(keys.key, keys.previous);
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING?.trim();
  if (connectionString) return { store: await createJobStore({ kind: 'connection-string', connectionString }), durable: true };
  return { store: await createJobStore({ kind: 'memory' }), durable: false };
}
