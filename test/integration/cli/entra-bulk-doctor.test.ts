import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/graph/graph-client';
import { StaticTokenProvider } from '../../../src/graph/token-provider';
import { runPreflight } from '../../../src/operations/preflight/run-preflight';
import { CONTOSO_PEOPLE, DEFAULT_DELEGATED_SCOPES, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { runCli } from '../../support/run-cli';
import type { CliRun } from '../../support/run-cli';

let sandbox: RunningSandbox;

function doctor(user: string, ...features: string[]): Promise<CliRun> {
  return runCli(['doctor', ...features, '--graph-url', sandbox.graphBaseUrl, '--sandbox-user', user]);
}

async function graphAs(user: string, scopes: readonly string[] = DEFAULT_DELEGATED_SCOPES) {
  const tokens = new StaticTokenProvider(await sandbox.issueToken(user, { scopes: [...scopes] }));
  return { graph: new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: tokens }), tokens };
}

async function setFaults(body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBeLessThan(300);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});
afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
});

describe('entra-bulk doctor against the sandbox', () => {
  it('prints the checklist for a User Administrator and exits 0 for what that role allows', async () => {
    const run = await doctor(CONTOSO_PEOPLE.alexWilber.userPrincipalName, 'restore', 'invite', 'create-users', 'export');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('setup check for Alex Wilber (AlexW@contoso.onmicrosoft.com)');
    expect(run.stdout).toMatch(/\[ok\] +Microsoft Graph: http:\/\/127\.0\.0\.1:\d+\/v1\.0 reached, tenant Contoso/);
    expect(run.stdout).toMatch(/\[ok\] +Token permissions: Delegated: .*User\.ReadWrite\.All/);
    expect(run.stdout).toMatch(/\[ok\] +Your admin roles: Active: User Administrator/);
    // The app does not request Policy.Read.All, so the tenant's invite setting can't be read: said, not hidden.
    expect(run.stdout).toMatch(/\[warn\] Who may invite guests \(tenant setting\): Can't read it: .*Policy\.Read\.All/);
    expect(run.stdout).toMatch(/\[ok\] +userPrincipalName ranges on users/);
    expect(run.stdout).toMatch(/\[ok\] +endswith on deleted users/);
    expect(run.stdout).toMatch(/\[ok\] +Restore deleted users — Allowed by your User Administrator role/);
    expect(run.stdout).not.toContain('Restore deleted apps');
    expect(run.stdout).toContain('Everything you asked about works.');
  });

  it('exits 3 and names the missing role when the admin asks for everything', async () => {
    const run = await doctor(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/\[no\] +Restore deleted apps and enterprise apps — Needs Application Administrator, Cloud Application Administrator/);
    expect(run.stdout).toContain('Ask a Privileged Role Administrator or Global Administrator to assign the role');
  });

  it('an admin without a role: warned about roles, and exit 3 for a restore', async () => {
    const run = await doctor(CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName, 'restore');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/\[warn\] Your admin roles: No admin role, active or eligible/);
    expect(run.stdout).toMatch(/\[no\] +Restore deleted users — Needs User Administrator/);
  });

  it('an eligible-only User Administrator is told to activate the role in PIM, and exits 3', async () => {
    const run = await doctor(CONTOSO_PEOPLE.isaiahLanger.userPrincipalName, 'restore');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/\[warn\] Your admin roles: Eligible in PIM, not active: User Administrator/);
    expect(run.stdout).toMatch(/\[PIM\] +Restore deleted users — You are eligible for User Administrator, not active\./);
    expect(run.stdout).toContain('Activate it in Privileged Identity Management: https://portal.azure.com/');
  });

  it('an administrative-unit admin works partly, and a custom role leaves it to Graph: both exit 0', async () => {
    const johanna = await doctor(CONTOSO_PEOPLE.johannaLorenz.userPrincipalName, 'delete-users');
    expect(johanna.stdout).toMatch(/Scoped to administrative units: User Administrator for Seattle Office/);
    expect(johanna.stdout).toMatch(/\[AU\] +Delete users — Your User Administrator role covers only the administrative unit 'Seattle Office'/);
    expect(johanna.code).toBe(0);
    const joni = await doctor(CONTOSO_PEOPLE.joniSherman.userPrincipalName, 'restore');
    expect(joni.stdout).toMatch(/Custom: Restore Operators/);
    expect(joni.stdout).toMatch(/\[\?\] +Restore deleted users — I couldn't confirm your role \(custom role 'Restore Operators'\); Graph will decide/);
    expect(joni.code).toBe(0);
  });

  it('checks the export extras when named: last sign-in and license names need scopes the app requests', async () => {
    const run = await doctor(CONTOSO_PEOPLE.modAdministrator.userPrincipalName, 'export-last-sign-in', 'export-licenses');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Last sign-in column in user exports/);
    expect(run.stdout).toMatch(/License names in user exports/);
    const withoutAudit = await graphAs(CONTOSO_PEOPLE.modAdministrator.userPrincipalName, DEFAULT_DELEGATED_SCOPES.filter((s) => s !== 'AuditLog.Read.All'));
    const report = await runPreflight(withoutAudit.graph, withoutAudit.tokens);
    expect(report.features.find((f) => f.feature.id === 'export-last-sign-in')?.status).toBe('blocked');
    expect(report.features.find((f) => f.feature.id === 'export-licenses')?.status).toBe('works');
  });

  it('names the permission the app does not request for privileged rows', async () => {
    const run = await doctor(CONTOSO_PEOPLE.modAdministrator.userPrincipalName, 'privileged-users');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/\[no\] +Restore or delete users who hold admin roles — Your token lacks the Directory\.AccessAsUser\.All permission, which this app does not request by design/);
  });

  it('reports refused queries with the fallback the product uses, without failing the features', async () => {
    await setFaults({ unsupportedFilters: ['userPrincipalName ge', 'userPrincipalName endswith'] });
    const run = await doctor(CONTOSO_PEOPLE.alexWilber.userPrincipalName, 'restore', 'export');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[warn\] userPrincipalName ranges on users \(parallel exports\): refused \(Request_UnsupportedQuery\)/);
    expect(run.stdout).toMatch(/→ Large exports fall back/);
    expect(run.stdout).toMatch(/\[warn\] endswith on deleted users \(find by user name\): refused \(Request_UnsupportedQuery\)/);
    expect(run.stdout).toMatch(/\[ok\] +\$count on users/);
  });

  it('exits 3 with a fix when Graph refuses the token', async () => {
    const run = await runCli(['doctor', '--graph-url', `${sandbox.url}/nowhere/v1.0`, '--sandbox-user', CONTOSO_PEOPLE.alexWilber.userPrincipalName]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/\[FAIL\] Microsoft Graph:/);
    expect(run.stdout).not.toContain('What you can do here');
  });
});

describe('the setup check with a broader token (Policy.Read.All, by name)', () => {
  const withPolicyRead = [...DEFAULT_DELEGATED_SCOPES, 'Policy.Read.All'];

  it("reads the tenant's invite setting and blocks invitations when it is 'none'", async () => {
    const admin = CONTOSO_PEOPLE.modAdministrator.userPrincipalName;
    const reader = await graphAs(admin, withPolicyRead);
    const before = await runPreflight(reader.graph, reader.tokens);
    expect(before.checks.find((c) => c.section === 'tenant')).toMatchObject({ status: 'ok', detail: expect.stringContaining('allowInvitesFrom = everyone') });
    expect(before.features.find((f) => f.feature.id === 'invite')?.status).toBe('works');

    const writer = (await graphAs(admin, ['Policy.ReadWrite.Authorization'])).graph;
    const patched = await writer.request({ method: 'PATCH', url: '/policies/authorizationPolicy', body: { allowInvitesFrom: 'none' } });
    expect(patched.ok).toBe(true);
    try {
      const after = await runPreflight(reader.graph, reader.tokens);
      expect(after.checks.find((c) => c.section === 'tenant')).toMatchObject({ status: 'fail', detail: expect.stringContaining('allowInvitesFrom = none') });
      expect(after.features.find((f) => f.feature.id === 'invite')).toMatchObject({ status: 'blocked', reason: expect.stringContaining('nobody') });
      // The sandbox enforces the setting as Graph does: even a Global Administrator's invitation is refused.
      const invite = await (await graphAs(admin)).graph.request({ method: 'POST', url: '/invitations', body: { invitedUserEmailAddress: 'ana@fabrikam.com', inviteRedirectUrl: 'https://myapps.microsoft.com' } });
      expect(invite.ok).toBe(false);
      if (!invite.ok) expect(invite.error.status).toBe(403);
    } finally {
      await writer.request({ method: 'PATCH', url: '/policies/authorizationPolicy', body: { allowInvitesFrom: 'everyone' } });
    }
  });

  it('refuses the policy to a token without a policy scope, and to a role that may not read it', async () => {
    const noScope = await (await graphAs(CONTOSO_PEOPLE.modAdministrator.userPrincipalName)).graph.request({ url: '/policies/authorizationPolicy' });
    expect(noScope.ok ? 200 : noScope.error.status).toBe(403);
    const noRole = await (await graphAs(CONTOSO_PEOPLE.alexWilber.userPrincipalName, withPolicyRead)).graph.request({ url: '/policies/authorizationPolicy' });
    expect(noRole.ok ? 200 : noRole.error.status).toBe(403);
  });
});
