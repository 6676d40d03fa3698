import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { createFakeClock, describeJobStoreContract } from '../../integration/jobs/job-store-contract';

describeJobStoreContract('memory', async () => {
  const clock = createFakeClock();
  return {
    store: new MemoryJobStore({ clock: clock.now }),
    clock,
    passQueueTime: async (ms) => clock.advance(ms),
  };
});
