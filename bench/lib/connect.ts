import { GraphClient } from '../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../src/graph/sandbox-token-provider';
import { loadCallerProfile } from '../../src/operations/caller-profile';
import type { PlanContext } from '../../src/operations/bulk-operation';
import { CONTOSO_PEOPLE } from '../../src/sandbox/contoso';
import type { SandboxProcess } from './sandbox-process';

/** The admin every scenario acts as: a User Administrator, enough to restore users and invite guests. */
export const BENCH_ADMIN = CONTOSO_PEOPLE.alexWilber.userPrincipalName;

export function graphFor(sandbox: SandboxProcess): GraphClient {
  return new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: BENCH_ADMIN }) });
}

export async function planContextFor(graph: GraphClient): Promise<PlanContext> {
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw new Error(`Could not read the benchmark admin's profile: ${caller.error.message}`);
  return { graph, caller: caller.value, now: () => Date.now() };
}

/** The fixed Contoso people's ids, so a scenario can leave the hand-made deleted users out of its sample. */
export const CONTOSO_IDS: ReadonlySet<string> = new Set(Object.values(CONTOSO_PEOPLE).map((p) => p.id.toLowerCase()));

export function elapsedSeconds(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}
