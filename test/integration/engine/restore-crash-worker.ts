// A bot-like runner process for the crash test: the real engine, a real job store on Azurite, real Graph calls
// to the sandbox started by the parent test, which kills this process with SIGKILL at chosen moments.
import { createBulkRunner } from '../../../src/engine/create-bulk-runner';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const store = await AzureJobStore.create({
    storage: { connectionString: required('CRASH_CONNECTION_STRING') },
    namePrefix: required('CRASH_NAME_PREFIX'),
  });
  const sandboxUrl = required('CRASH_SANDBOX_URL');
  const tokens = new SandboxTokenProvider({ sandboxOrigin: sandboxUrl, user: required('CRASH_ADMIN') });
  const runner = createBulkRunner({
    store,
    graphBaseUrl: `${sandboxUrl}/v1.0`,
    tokenProviderFor: () => tokens,
    batchSize: 10,
    runner: { leaseTtlMs: 1_500, sweepIntervalMs: 250, pollIntervalMs: 50, onError: (error) => process.stderr.write(`runner error: ${String(error)}\n`) },
  });
  runner.start();
  process.once('SIGTERM', () => {
    void runner.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`restore crash worker failed: ${String(error)}\n`);
  process.exit(1);
});
