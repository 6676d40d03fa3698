import type { RunningSandbox, SandboxOptions } from './options';
import { resolveOptions } from './options';
import { SandboxServer } from './sandbox-server';

export type { IssueTokenOptions, RunningSandbox, SandboxOptions } from './options';
export { CONTOSO_DOMAIN, CONTOSO_OBJECTS, CONTOSO_PEOPLE } from './contoso';
export type { ContosoPerson, ContosoPersonKey } from './contoso';
export { AUTHORIZATION_MATRIX } from './authorization';
export { DEFAULT_DELEGATED_SCOPES, PRIVILEGED_SCOPES } from './tokens';

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const resolved = resolveOptions(options);
  const server = new SandboxServer(resolved);
  const url = await server.listen(resolved.port);
  return {
    url,
    graphBaseUrl: `${url}/v1.0`,
    tenantId: server.state.info.tenantId,
    stop: () => server.stop(),
    issueToken: (user, tokenOptions) => Promise.resolve(server.issueToken(user, tokenOptions)),
  };
}
