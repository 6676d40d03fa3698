import type { LocalAzurite } from '../../src/jobs/local-azurite';
import { startLocalAzurite } from '../../src/jobs/local-azurite';

export type AzuriteHandle = LocalAzurite;

/** Azurite on free loopback ports with a throw-away data folder; call stop() in afterAll. */
export function startAzurite(options: { location?: string } = {}): Promise<AzuriteHandle> {
  return startLocalAzurite(options);
}
