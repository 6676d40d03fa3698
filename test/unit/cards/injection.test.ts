import { describe, expect, it } from 'vitest';
import {
  buildChooseObjectCard,
  buildConfirmCard,
  buildDeletedListCard,
  buildErrorCard,
  buildHelpCard,
  buildJobPausedCard,
  buildJobsListCard,
  buildNotYoursCard,
  buildProgressCard,
  buildResultCard,
  buildSignInNeededCard,
  buildUnknownCommandCard,
  buildValidationSummaryCard,
  buildWhoamiCard,
  groupFailures,
  type AdaptiveCardJson,
} from '../../../src/cards';
import { allNodes, pressableActions } from './card-inspect';
import {
  groupObserver,
  sampleCards,
  sampleChoose,
  sampleConfirm,
  sampleDeleted,
  sampleJobs,
  samplePaused,
  sampleProgress,
  sampleResult,
  sampleValidation,
  sampleWhoami,
} from './sample-views';

const EVIL = '<b>x</b> [y](https://evil)';
const evilInitiator = { mri: '29:evil', name: EVIL };

/** Text Teams reads as markdown: TextBlocks and FactSet titles/values. */
function markdownText(card: AdaptiveCardJson): string[] {
  return allNodes(card).flatMap((n) => {
    if (n.type === 'TextBlock') return [String(n.text)];
    if (n.type === undefined && typeof n.title === 'string' && typeof n.value === 'string') return [n.title, n.value];
    return [];
  });
}

/** Text shown exactly as written: TextRuns (no markdown). */
function plainText(card: AdaptiveCardJson): string[] {
  return allNodes(card)
    .filter((n) => n.type === 'TextRun')
    .map((n) => String(n.text));
}

function displayedText(card: AdaptiveCardJson): string[] {
  return [...markdownText(card), ...plainText(card)];
}

function hasUnescaped(s: string, ch: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return true;
  }
  return false;
}

function poisonedCards(): Array<[string, AdaptiveCardJson]> {
  const counts = { total: 10, succeeded: 5, failed: 2, skipped: 1 };
  return [
    ['help', buildHelpCard({ commands: [{ usage: EVIL, description: EVIL, example: EVIL, needsFile: true }], quickCommands: [EVIL], isPersonalChat: true })],
    ['unknown-command', buildUnknownCommandCard({ text: EVIL, suggestion: EVIL, examples: [EVIL] })],
    ['unknown-command (no suggestion)', buildUnknownCommandCard({ text: EVIL, examples: [EVIL] })],
    [
      'validation-summary',
      buildValidationSummaryCard({
        ...sampleValidation,
        kindLabel: EVIL,
        fileName: EVIL,
        problems: [{ line: 3, column: EVIL, message: EVIL }],
        fileProblems: [EVIL],
        errorFile: { name: EVIL },
        nextStep: EVIL,
      }),
    ],
    [
      'confirm',
      buildConfirmCard({
        ...sampleConfirm,
        kindLabel: EVIL,
        jobLabel: EVIL,
        title: EVIL,
        description: EVIL,
        outcomes: [{ count: 1, label: EVIL, tone: 'good' }],
        sampleRows: [{ title: EVIL, detail: EVIL, outcome: EVIL, tone: 'good' }],
        options: { newUserPrincipalName: { suggested: EVIL, required: true, hint: EVIL } },
        roleCheck: { status: 'missing', neededRoles: [EVIL] },
        audience: { ...groupObserver, initiator: evilInitiator },
      }),
    ],
    ['confirm (role ok)', buildConfirmCard({ ...sampleConfirm, roleCheck: { status: 'ok', heldRole: EVIL } })],
    [
      'choose-object',
      buildChooseObjectCard({
        ...sampleChoose,
        query: EVIL,
        action: EVIL,
        candidates: [{ objectId: 'id-1', typeLabel: EVIL, displayName: EVIL, userPrincipalName: EVIL, mail: `${EVIL}!` }],
        audience: { ...groupObserver, initiator: evilInitiator },
      }),
    ],
    ['progress', buildProgressCard({ ...sampleProgress, kindLabel: EVIL, jobLabel: EVIL, title: EVIL, note: EVIL, audience: { ...groupObserver, initiator: evilInitiator } })],
    [
      'result',
      buildResultCard({
        ...sampleResult,
        kindLabel: EVIL,
        title: EVIL,
        outcome: 'stopped',
        stopReason: EVIL,
        counts,
        failureGroups: groupFailures([{ reason: EVIL, rowLabel: EVIL }]),
        resultsFile: { name: EVIL },
        audience: { ...groupObserver, initiator: evilInitiator },
      }),
    ],
    ['sign-in-needed', buildSignInNeededCard({ cardToken: 't', reason: EVIL, permissions: [EVIL] })],
    ['job-paused', buildJobPausedCard({ ...samplePaused, kindLabel: EVIL, title: EVIL, why: EVIL, resumes: EVIL, counts })],
    ['error', buildErrorCard({ title: EVIL, message: EVIL, suggestion: EVIL, code: EVIL, requestId: EVIL })],
    ['not-yours', buildNotYoursCard({ initiatorName: EVIL, what: EVIL, kindLabel: EVIL, jobLabel: EVIL })],
    ['jobs-list', buildJobsListCard({ ...sampleJobs, heading: EVIL, jobs: [{ ...sampleJobs.jobs[0]!, title: EVIL, kindLabel: EVIL, jobLabel: EVIL, initiatorName: EVIL }] })],
    ['whoami', buildWhoamiCard({ ...sampleWhoami, displayName: EVIL, userPrincipalName: EVIL, tenantName: EVIL, roles: [{ name: EVIL, canDo: EVIL }], scopes: [EVIL] })],
    ['deleted-list', buildDeletedListCard({ ...sampleDeleted, heading: EVIL, search: EVIL, narrowHint: EVIL, totalCount: 99, items: [{ ...sampleDeleted.items[0]!, displayName: EVIL, typeLabel: EVIL, identifier: EVIL }] })],
  ];
}

describe('markdown and HTML injection (issue 10)', () => {
  it.each(poisonedCards())('%s shows supplied text literally', (_name, card) => {
    expect(plainText(card).join('\n')).toContain(EVIL);
    for (const text of markdownText(card)) {
      expect(text).not.toContain('<b>');
      for (const ch of ['<', '>', '[', ']']) expect(hasUnescaped(text, ch), `${ch} in ${text}`).toBe(false);
    }
  });

  it.each(poisonedCards())('%s keeps button titles as plain single-line text', (_name, card) => {
    for (const action of pressableActions(card)) {
      const title = String(action.title ?? '');
      expect(title).not.toMatch(/[\r\n]/);
      expect(title.length).toBeLessThanOrEqual(60);
    }
  });

  it('a supplied ${expression} is never evaluated by the template engine', () => {
    const card = buildProgressCard({ ...sampleProgress, title: '${jobId} ${$root.cardToken}' });
    expect(displayedText(card)).toContain('${jobId} ${$root.cardToken}');
  });

  it('Teams date functions in supplied text are neutralised', () => {
    const card = buildErrorCard({ title: 't', message: '{{DATE(2026-01-01T00:00:00Z, SHORT)}}' });
    expect(displayedText(card)).toContain('{{DATE\u2060(2026-01-01T00:00:00Z, SHORT)}}');
    expect(displayedText(card).join('\n')).not.toContain('{{DATE(');
  });

  it('no sample card shows an object id where a name fits (the request id on the error card is for support)', () => {
    const { error: _supportDetails, ...cards } = sampleCards();
    for (const card of Object.values(cards)) {
      for (const text of displayedText(card)) expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    }
  });
});
