import { buildSetupCheckCard } from '../cards/build-setup-check-card';
import type { SetupCheckItem, SetupMark } from '../cards/build-setup-check-card';
import { GraphClient } from '../graph/graph-client';
import type { TokenProvider } from '../graph/token-provider';
import { DEFAULT_FEATURES } from '../operations/preflight/preflight-features';
import { canProceed, runPreflight } from '../operations/preflight/run-preflight';
import type { CheckStatus, FeatureStatus, PreflightReport } from '../operations/preflight/run-preflight';
import type { BotRuntime } from './bot-deps';
import type { Reply } from './chat-turn';
import { cardReply } from './chat-turn';

const CHECK_MARKS: Record<CheckStatus, SetupMark> = { ok: 'ok', warn: 'warn', fail: 'fail' };
const FEATURE_MARKS: Record<FeatureStatus, SetupMark> = { works: 'ok', partly: 'warn', activate: 'pim', 'graph-decides': 'unknown', blocked: 'fail' };
const SECTION_HEADINGS: Record<string, string> = {
  connection: 'Connection',
  token: 'Permissions the app holds',
  roles: 'Your roles',
  tenant: 'Tenant settings',
  queries: 'Queries I rely on',
};

/** The same read-only check as `entra-bulk doctor`, as one card. */
export async function handleCheckSetup(runtime: BotRuntime, tokens: TokenProvider): Promise<Reply[]> {
  const graph = new GraphClient({ baseUrl: runtime.deps.graphBaseUrl, tokenProvider: tokens });
  const report = await runPreflight(graph, tokens);
  return [cardReply(buildSetupCheckCard(setupCheckView(report)))];
}

export function setupCheckView(report: PreflightReport): Parameters<typeof buildSetupCheckCard>[0] {
  const sections: { heading: string; items: SetupCheckItem[] }[] = [];
  for (const check of report.checks) {
    const heading = SECTION_HEADINGS[check.section] ?? check.section;
    let section = sections.find((s) => s.heading === heading);
    if (!section) sections.push((section = { heading, items: [] }));
    section.items.push({ mark: CHECK_MARKS[check.status], label: check.title, detail: check.detail, ...(check.fix && check.status !== 'ok' ? { fix: check.fix } : {}) });
  }
  const asked = new Set(DEFAULT_FEATURES.map((feature) => feature.id));
  const verdicts = report.features.filter((verdict) => asked.has(verdict.feature.id));
  if (report.connected) {
    sections.push({
      heading: 'What you can do here',
      items: verdicts.map((verdict) => ({
        mark: FEATURE_MARKS[verdict.status],
        label: verdict.feature.title,
        detail: verdict.reason,
        ...(verdict.fix && verdict.status !== 'works' ? { fix: verdict.fix } : {}),
      })),
    });
  }
  return {
    admin: report.admin ? `${report.admin.displayName} (${report.admin.userPrincipalName})` : 'you',
    ...(report.tenant ? { tenant: report.tenant.displayName } : {}),
    sections,
    allWorks: report.connected && verdicts.every((verdict) => canProceed(verdict.status)),
  };
}
