import type { TokenCredential } from '@azure/identity';
import { AzureJobPlaces } from './azure-job-places';
import { AzureRecords } from './azure-records';
import { AzureJobStore } from './azure-job-store';
import type { AzureStorageTarget } from './azure-job-store';
import type { JobPlaces } from './job-places';
import { countedJobPlaces } from './job-places';
import { SharedWriteBudget } from './tenant-write-budget';
import type { TenantWriteBudget } from './tenant-write-budget';
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

function storageTarget(settings: JobStoreSettings): AzureStorageTarget | undefined {
  switch (settings.kind) {
    case 'memory':
      return undefined;
    case 'connection-string':
      return { connectionString: settings.connectionString };
    case 'managed-identity':
      return { accountName: settings.accountName, credential: settings.credential };
  }
}

/** Job limits counted on the same storage account as the jobs (so across instances), or in this process for memory. */
export async function createJobPlaces(settings: JobStoreSettings, store: JobStore): Promise<JobPlaces> {
  const storage = storageTarget(settings);
  return storage ? AzureJobPlaces.create({ storage }, store) : countedJobPlaces(store);
}

/** Each tenant's Graph write budget shared by every instance on the storage account; none for memory (one process). */
export async function createWriteBudget(settings: JobStoreSettings, rateScale = 1): Promise<TenantWriteBudget | undefined> {
  const storage = storageTarget(settings);
  return storage ? SharedWriteBudget.create({ storage, rateScale }) : undefined;
}

/** Records every instance must see (saved conversations, "offered once" marks); none for memory (one process). */
export async function createSharedRecords(settings: JobStoreSettings): Promise<AzureRecords | undefined> {
  const storage = storageTarget(settings);
  return storage ? AzureRecords.create({ storage }) : undefined;
}
