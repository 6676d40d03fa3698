import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_CARD_VERBS,
  CARD_TEMPLATE_DIR,
  CARD_TEMPLATE_NAMES,
  buildChooseObjectCard,
  buildConfirmCard,
  buildJobPausedCard,
  buildProgressCard,
  buildResultCard,
  type AdaptiveCardJson,
} from '../../../src/cards';
import { allNodes, utf16Bytes, validateWithSdk } from './card-inspect';
import {
  groupInitiator,
  groupObserver,
  sampleCards,
  sampleChoose,
  sampleConfirm,
  sampleDestructiveConfirm,
  samplePaused,
  sampleProgress,
  sampleResult,
} from './sample-views';

const templateFiles = readdirSync(CARD_TEMPLATE_DIR).filter((f) => f.endsWith('.json'));

function rawTemplate(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(CARD_TEMPLATE_DIR, file), 'utf8')) as Record<string, unknown>;
}

function allVariants(): Array<[string, AdaptiveCardJson]> {
  const variants: Array<[string, AdaptiveCardJson]> = Object.entries(sampleCards());
  for (const [label, audience] of [
    ['group initiator', groupInitiator],
    ['group observer', groupObserver],
  ] as const) {
    variants.push([`confirm (${label})`, buildConfirmCard({ ...sampleConfirm, audience })]);
    variants.push([`destructive confirm (${label})`, buildConfirmCard({ ...sampleDestructiveConfirm, audience })]);
    variants.push([`progress (${label})`, buildProgressCard({ ...sampleProgress, audience })]);
    variants.push([`result (${label})`, buildResultCard({ ...sampleResult, audience })]);
    variants.push([`paused (${label})`, buildJobPausedCard({ ...samplePaused, audience, canResume: true })]);
    variants.push([`choose (${label})`, buildChooseObjectCard({ ...sampleChoose, audience })]);
  }
  return variants;
}

describe('card templates on disk', () => {
  it('has exactly one template file per known card', () => {
    expect(templateFiles.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...CARD_TEMPLATE_NAMES].sort());
  });

  it.each(templateFiles)('%s is an Adaptive Card 1.5 with the schema URL', (file) => {
    const json = rawTemplate(file);
    expect(json.type).toBe('AdaptiveCard');
    expect(json.version).toBe('1.5');
    expect(json.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(Array.isArray(json.body)).toBe(true);
  });

  it('makes the cards with bars and lists full width in Teams', () => {
    for (const name of ['progress', 'result', 'confirm', 'validation-summary', 'deleted-list', 'jobs-list', 'job-paused', 'choose-object']) {
      expect(rawTemplate(`${name}.json`).msteams, name).toEqual({ width: 'Full' });
    }
  });

  it.each(templateFiles)('%s only uses verbs the bot knows', (file) => {
    const verbs = allNodes(rawTemplate(file))
      .map((n) => n.verb)
      .filter((v): v is string => typeof v === 'string');
    for (const verb of verbs) expect(ALL_CARD_VERBS).toContain(verb);
  });

  it('every Action.Execute in the templates carries bound data', () => {
    for (const file of templateFiles) {
      for (const action of allNodes(rawTemplate(file)).filter((n) => n.type === 'Action.Execute')) {
        expect(action.data, `${file} ${String(action.verb)}`).toBeDefined();
      }
    }
  });
});

describe('expanded sample cards', () => {
  const variants = allVariants();

  it('covers every template', () => {
    expect(Object.keys(sampleCards()).sort()).toEqual([...CARD_TEMPLATE_NAMES].sort());
  });

  it.each(variants)('%s parses and validates in the adaptivecards SDK with no events', async (_name, card) => {
    const problems = await validateWithSdk(card);
    expect(problems.parse).toEqual([]);
    expect(problems.validation).toEqual([]);
  });

  it.each(variants)('%s targets version 1.5 or lower', (_name, card) => {
    const [major, minor] = card.version.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeLessThanOrEqual(5);
  });

  it.each(variants)('%s has no unbound template expressions left', (_name, card) => {
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    expect(json).not.toContain('$data');
    expect(json).not.toContain('$when');
  });

  it.each(variants)('%s stays under 28 KB and has no empty TextBlocks', (_name, card) => {
    expect(utf16Bytes(card)).toBeLessThan(28 * 1024);
    for (const node of allNodes(card).filter((n) => n.type === 'TextBlock' || n.type === 'TextRun')) expect(String(node.text).trim()).not.toBe('');
  });

  it.each(variants)('%s has at most 5 top-level actions (the SDK default Teams follows)', (_name, card) => {
    const actions = Array.isArray(card.actions) ? card.actions : [];
    expect(actions.length).toBeLessThanOrEqual(5);
  });
});

describe('the checks themselves', () => {
  it('the SDK check reports broken cards, so a clean result means something', async () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Bogus' },
        { type: 'TextBlock', text: 'x', size: 'enormous' },
        { type: 'Input.Text', id: 'a', isRequired: true },
      ],
    } as unknown as AdaptiveCardJson;
    const problems = await validateWithSdk(broken);
    expect([...problems.parse, ...problems.validation].length).toBeGreaterThanOrEqual(3);
  });

  it('expanding the same (cached) template again does not leak data between cards', () => {
    const first = buildProgressCard(sampleProgress);
    const other = buildProgressCard({ ...sampleProgress, title: 'Something else', counts: { total: 5, succeeded: 5, failed: 0, skipped: 0 } });
    expect(JSON.stringify(other)).not.toEqual(JSON.stringify(first));
    expect(buildProgressCard(sampleProgress)).toEqual(first);
  });
});
