import { afterAll, beforeAll } from 'vitest';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';
import { createFakeClock, describeJobStoreContract } from './job-store-contract';

let azurite: AzuriteHandle;
let stores = 0;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite.stop();
});

describeJobStoreContract('Azure Storage on Azurite', async () => {
  const clock = createFakeClock();
  stores += 1;
  const store = await AzureJobStore.create({
    storage: { connectionString: azurite.connectionString },
    namePrefix: `t${stores}`,
    clock: clock.now,
  });
  return {
    store,
    clock,
    passQueueTime: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
});
