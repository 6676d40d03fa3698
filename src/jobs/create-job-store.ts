import type { TokenCredential } from '@azure/identity';
import { AzureJobStore } from './azure-job-store';
import type { JobStore } from './job-store';
import { MemoryJobStore } from './memory-job-store';

export type JobStoreSettings =
  | { kind: 'memory' }
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'managed-identity'; accountName: string; credential: TokenCredential };

/**
 * The composition root picks one: AZURE_STORAGE_CONNECTION_STRING (a real account, or the one
 * Azurite from tools/local-stack/azurite.ts gives), a storage account name with a managed identity, or memory for tests.
 */
export async function createJobStore(settings: JobStoreSettings): Promise<JobStore> {
  switch (settings.kind) {
    case 'memory':
      return new MemoryJobStore();
    case 'connection-string':
      return AzureJobStore.create({ storage: { connectionString: settings.connectionString } });
    case 'managed-identity':
      return AzureJobStore.create({ storage: { accountName: settings.accountName, credential: settings.credential } });
  }
}
