import type { AdaptiveCardJson } from '../../../src/cards';

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object in the card (elements, actions, columns, facts…), depth first. */
export function allNodes(card: unknown): Node[] {
  const out: Node[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isNode(value)) {
      out.push(value);
      Object.values(value).forEach(visit);
    }
  };
  visit(card);
  return out;
}

export function nodesOfType(card: unknown, type: string): Node[] {
  return allNodes(card).filter((n) => n.type === type);
}

/** Actions a person can press (Execute, Submit, OpenUrl), excluding the refresh action. */
export function pressableActions(card: AdaptiveCardJson): Node[] {
  const { refresh: _refresh, ...rest } = card;
  return allNodes(rest).filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.'));
}

/**
 * The text of every TextBlock (markdown, as written) and RichTextBlock (its runs joined: plain text, shown exactly),
 * in card order.
 */
export function textBlocks(card: unknown): string[] {
  return allNodes(card).flatMap((n) => {
    if (n.type === 'TextBlock') return [String(n.text)];
    if (n.type === 'RichTextBlock' && Array.isArray(n.inlines)) {
      return [n.inlines.map((inline: unknown) => (typeof inline === 'string' ? inline : String((inline as Node).text))).join('')];
    }
    return [];
  });
}

/** Facts as shown: FactSet facts, or the title/value rows that replace a FactSet carrying supplied text. */
export function factRows(card: unknown): Array<{ title: string; value: string }> {
  const rows: Array<{ title: string; value: string }> = [];
  for (const n of allNodes(card)) {
    if (n.type === 'FactSet' && Array.isArray(n.facts)) for (const f of n.facts as Node[]) rows.push({ title: String(f.title), value: String(f.value) });
    if (n.type === 'ColumnSet' && Array.isArray(n.columns) && n.columns.length === 2) {
      const [title, value] = (n.columns as Node[]).map((c) => textBlocks(c.items).join(' '));
      if (title !== undefined && value !== undefined) rows.push({ title, value });
    }
  }
  return rows;
}

export interface CardProblems {
  parse: string[];
  validation: string[];
}

/** Parses and validates with the adaptivecards SDK, the same object model the Teams renderer family uses. */
export async function validateWithSdk(card: AdaptiveCardJson): Promise<CardProblems> {
  const AC = await import('adaptivecards');
  const model = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  model.parse(card, context);
  const parse: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    parse.push(`${String(event.event)}: ${event.message}`);
  }
  const validation = model.validateProperties().validationEvents.map((e) => `${String(e.event)}: ${e.message}`);
  return { parse, validation };
}

export function utf16Bytes(card: AdaptiveCardJson): number {
  return JSON.stringify(card).length * 2;
}
