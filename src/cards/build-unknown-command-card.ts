import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { commandButton } from './command-button';
import { escapeCardLine } from './escape-card-text';

export interface UnknownCommandView {
  /** What the person typed. */
  text: string;
  /** The closest command, already filled in, e.g. "restore Adele Vance". */
  suggestion?: string;
  /** Shown when there is no suggestion. */
  examples: readonly string[];
}

export function buildUnknownCommandCard(view: UnknownCommandView): AdaptiveCardJson {
  const suggestion = view.suggestion?.trim() ?? '';
  const button = commandButton(`Run: ${suggestion}`, suggestion);
  return expandCardTemplate('unknown-command', {
    youWrote: `You wrote “${escapeCardLine(view.text, 200)}”.`,
    hasSuggestion: suggestion !== '',
    didYouMean: `Did you mean **${escapeCardLine(suggestion, 200)}**?`,
    suggestion: button.command,
    suggestionTitle: button.title,
    examples: view.examples.slice(0, 5).map((e) => ({ text: `• ${escapeCardLine(e, 120)}` })),
  });
}
