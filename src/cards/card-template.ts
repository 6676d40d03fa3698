import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { z } from 'zod';
import type { AdaptiveCardJson } from './adaptive-card-json';
import { withPlainTextRuns } from './plain-text-runs';

export const CARD_TEMPLATE_NAMES = [
  'help',
  'unknown-command',
  'validation-summary',
  'confirm',
  'choose-object',
  'progress',
  'result',
  'sign-in-needed',
  'job-paused',
  'error',
  'not-yours',
  'jobs-list',
  'whoami',
  'deleted-list',
  'personal-chat-needed',
  'export-result',
  'setup-check',
  'approval',
] as const;

export type CardTemplateName = (typeof CARD_TEMPLATE_NAMES)[number];

// src/cards and dist/cards (build rootDir is src) are both two levels below the repository root.
export const CARD_TEMPLATE_DIR = path.resolve(__dirname, '..', '..', 'adaptiveCards');

const cardShape = z
  .object({ type: z.literal('AdaptiveCard'), version: z.string(), body: z.array(z.unknown()) })
  .passthrough();

export class CardTemplateError extends Error {
  constructor(
    readonly templateName: string,
    reason: string,
  ) {
    super(`Card template "${templateName}" ${reason}`);
    this.name = 'CardTemplateError';
  }
}

const loaded = new Map<CardTemplateName, unknown>();
const prepared = new Map<CardTemplateName, Template>();

export function cardTemplatePath(name: CardTemplateName): string {
  return path.join(CARD_TEMPLATE_DIR, `${name}.json`);
}

/** The raw template (cached). Throws CardTemplateError when the file is missing or not a card: a deployment defect. */
export function loadCardTemplate(name: CardTemplateName): unknown {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(cardTemplatePath(name), 'utf8');
  } catch {
    throw new CardTemplateError(name, `is missing: expected ${cardTemplatePath(name)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CardTemplateError(name, `is not valid JSON: ${error instanceof Error ? error.message : 'parse failed'}`);
  }
  if (!cardShape.safeParse(json).success) throw new CardTemplateError(name, 'is not an AdaptiveCard with a version and a body');
  loaded.set(name, json);
  return json;
}

/**
 * Expands a template with `adaptivecards-templating`. `data` must already hold escaped, display-ready strings:
 * templates only place values, they never format or decide. Text that carries escapes is then shown as plain TextRuns.
 */
export function expandCardTemplate(name: CardTemplateName, data: object): AdaptiveCardJson {
  let template = prepared.get(name);
  if (template === undefined) {
    template = new Template(structuredClone(loadCardTemplate(name)));
    prepared.set(name, template);
  }
  const expanded: unknown = template.expand({ $root: data });
  const parsed = cardShape.safeParse(expanded);
  if (!parsed.success) throw new CardTemplateError(name, 'did not expand to an AdaptiveCard');
  // The template engine returns plain JSON (it only copies and substitutes JSON values), so the cast is safe.
  return withPlainTextRuns(parsed.data as unknown as AdaptiveCardJson);
}
