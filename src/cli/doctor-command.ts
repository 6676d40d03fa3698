import type { GraphClient } from '../graph/graph-client';
import type { TokenProvider } from '../graph/token-provider';
import { DEFAULT_FEATURES, PREFLIGHT_FEATURES, featureNamed } from '../operations/preflight/preflight-features';
import type { PreflightFeature } from '../operations/preflight/preflight-features';
import { canProceed, runPreflight } from '../operations/preflight/run-preflight';
import type { CheckStatus, FeatureStatus, PreflightReport } from '../operations/preflight/run-preflight';
import type { Io } from './io';
import { CliError, EXIT } from './exit-codes';

const CHECK_MARK: Record<CheckStatus, string> = { ok: '[ok]  ', warn: '[warn]', fail: '[FAIL]' };
const FEATURE_MARK: Record<FeatureStatus, string> = { works: '[ok]  ', partly: '[AU]  ', 'graph-decides': '[?]   ', activate: '[PIM] ', blocked: '[no]  ' };
const SECTION_TITLES: Record<string, string> = {
  connection: 'Connection',
  token: 'Permissions the app holds',
  roles: 'Your roles',
  tenant: 'Tenant settings',
  queries: 'Queries this product relies on',
};

/** The features the admin asked about: named ones, or every feature the app registration can do. */
export function requestedFeatures(names: readonly string[]): PreflightFeature[] {
  if (names.length === 0) return [...DEFAULT_FEATURES];
  return names.map((name) => {
    const feature = featureNamed(name);
    if (!feature) throw new CliError(`Unknown feature '${name}'. Features: ${PREFLIGHT_FEATURES.map((f) => f.id).join(', ')}.`);
    return feature;
  });
}

/** 0 when everything asked for works (or Graph must decide), 3 when something asked for can't. */
export function doctorExitCode(report: PreflightReport, asked: readonly PreflightFeature[]): number {
  if (!report.connected) return EXIT.auth;
  const ids = new Set(asked.map((feature) => feature.id));
  const failing = report.features.some((verdict) => ids.has(verdict.feature.id) && !canProceed(verdict.status));
  return failing ? EXIT.auth : EXIT.ok;
}

export function renderPreflight(report: PreflightReport, asked: readonly PreflightFeature[]): string {
  const lines: string[] = [];
  const who = report.admin ? `${report.admin.displayName} (${report.admin.userPrincipalName})` : 'you';
  lines.push(`Entra Bulk Admin setup check for ${who}${report.tenant ? ` in ${report.tenant.displayName}` : ''}`);
  let section = '';
  for (const check of report.checks) {
    if (check.section !== section) {
      section = check.section;
      lines.push('', SECTION_TITLES[section] ?? section);
    }
    lines.push(`  ${CHECK_MARK[check.status]} ${check.title}: ${check.detail}`);
    if (check.fix && check.status !== 'ok') lines.push(`         → ${check.fix}`);
  }
  if (report.connected) {
    lines.push('', 'What you can do here');
    const ids = new Set(asked.map((feature) => feature.id));
    for (const verdict of report.features.filter((v) => ids.has(v.feature.id))) {
      lines.push(`  ${FEATURE_MARK[verdict.status]} ${verdict.feature.title} — ${verdict.reason}`);
      if (verdict.fix && verdict.status !== 'works' && verdict.status !== 'partly') lines.push(`         → ${verdict.fix}`);
    }
  }
  const code = doctorExitCode(report, asked);
  lines.push('', code === EXIT.ok ? 'Everything you asked about works.' : 'Something you asked about does not work yet: see the → lines above.', '');
  return lines.join('\n');
}

export async function doctorCommand(names: readonly string[], graph: GraphClient, tokens: TokenProvider, io: Io): Promise<number> {
  const asked = requestedFeatures(names);
  const report = await runPreflight(graph, tokens);
  io.out.write(renderPreflight(report, asked));
  return doctorExitCode(report, asked);
}
