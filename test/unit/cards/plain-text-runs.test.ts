import { describe, expect, it } from 'vitest';
import {
  buildChooseObjectCard,
  buildConfirmCard,
  buildDeletedListCard,
  buildErrorCard,
  buildHelpCard,
  buildResultCard,
  groupFailures,
  type AdaptiveCardJson,
} from '../../../src/cards';
import { markdownLineToRuns } from '../../../src/cards/plain-text-runs';
import { validateWithSdk } from './card-inspect';
import { sampleChoose, sampleConfirm, sampleDeleted, sampleResult } from './sample-views';

const GUEST_UPN = 'kim_fabrikam.com#EXT#@contoso.onmicrosoft.com';
const STARRED = 'Sales *EMEA* team_2';
const TICKED = 'type `cancel <job>` to stop';
const GRAPH_CODE = 'Request_ResourceNotFound';

type Node = Record<string, unknown>;

/** The card as the adaptivecards SDK (3.0.6) reads it: parsed into its object model, then serialised back. */
async function throughSdk(card: AdaptiveCardJson): Promise<Node> {
  const AC = await import('adaptivecards');
  const model = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  model.parse(card, context);
  expect(context.eventCount, 'the SDK reported parse events').toBe(0);
  return model.toJSON() as Node;
}

function walk(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') {
    visit(value as Node);
    Object.values(value as Node).forEach((v) => walk(v, visit));
  }
}

/** Markdown-processed text (TextBlock, Fact) and plain text (TextRun, which processes no markdown). */
function texts(card: Node): { markdown: string[]; plain: string[] } {
  const markdown: string[] = [];
  const plain: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock') markdown.push(String(node.text));
    if (node.type === 'FactSet') for (const fact of node.facts as Node[]) markdown.push(String(fact.title), String(fact.value));
    if (node.type === 'TextRun') plain.push(String(node.text));
    if (node.type === 'RichTextBlock') for (const inline of node.inlines as unknown[]) if (typeof inline === 'string') plain.push(inline);
  });
  return { markdown, plain };
}

function cards(): Array<[string, AdaptiveCardJson, string[]]> {
  return [
    [
      'choose-object',
      buildChooseObjectCard({ ...sampleChoose, candidates: [{ objectId: 'id-1', typeLabel: 'User', displayName: STARRED, userPrincipalName: GUEST_UPN }] }),
      [GUEST_UPN, STARRED],
    ],
    ['confirm', buildConfirmCard({ ...sampleConfirm, sampleRows: [{ title: STARRED, detail: `User · ${GUEST_UPN}`, outcome: 'will be restored', tone: 'good' }] }), [GUEST_UPN, STARRED]],
    ['result', buildResultCard({ ...sampleResult, failureGroups: groupFailures([{ reason: TICKED, rowLabel: GUEST_UPN }]) }), [GUEST_UPN, TICKED]],
    ['deleted-list', buildDeletedListCard({ ...sampleDeleted, items: [{ ...sampleDeleted.items[0]!, displayName: STARRED, identifier: GUEST_UPN }] }), [GUEST_UPN, STARRED]],
    ['error', buildErrorCard({ title: `I couldn't restore ${GUEST_UPN}`, message: TICKED, code: GRAPH_CODE, requestId: 'req-1' }), [GUEST_UPN, TICKED, GRAPH_CODE]],
    ['help', buildHelpCard({ commands: [{ usage: 'cancel <job>', description: TICKED, example: 'cancel 3F9A1C' }], isPersonalChat: true }), ['cancel <job>', TICKED]],
  ];
}

describe('supplied text on cards is plain text, not escaped markdown (issue 15, point 8)', () => {
  it.each(cards())('%s shows names, UPNs and reasons exactly, without backslashes', async (_name, card, supplied) => {
    const { markdown, plain } = texts(await throughSdk(card));
    for (const value of supplied) expect(plain.some((text) => text.includes(value)), `${value} in a TextRun`).toBe(true);
    for (const text of [...markdown, ...plain]) expect(text, 'visible backslash escape').not.toMatch(/\\[!-/:-@[-`{-~]/);
    // Markdown is processed only on the templates' own words, never on supplied text.
    for (const text of markdown) for (const value of supplied) expect(text).not.toContain(value);
  });

  it.each(cards())('%s still validates with the adaptivecards SDK', async (_name, card) => {
    const problems = await validateWithSdk(card);
    expect(problems).toEqual({ parse: [], validation: [] });
  });

  it('keeps the bot’s own bold around a name as a bold run', () => {
    expect(markdownLineToRuns('Did you mean **restore kim\\_fabrikam**?')).toEqual([
      { text: 'Did you mean ', bold: false },
      { text: 'restore kim_fabrikam', bold: true },
      { text: '?', bold: false },
    ]);
  });

  it('keeps a Teams date function in supplied text inert once unescaped', () => {
    const [run] = markdownLineToRuns('{{DATE\\(2026-01-01T00:00:00Z, SHORT)}}');
    expect(run?.text).not.toMatch(/\{\{DATE\(/);
    expect(run?.text.replace(/\u2060/g, '')).toBe('{{DATE(2026-01-01T00:00:00Z, SHORT)}}');
  });
});
