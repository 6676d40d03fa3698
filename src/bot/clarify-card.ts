import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { commandButton } from '../cards/command-button';

/**
 * "Which did you mean?": the question (already escaped by the parser) and one button per runnable command. A button
 * sends its command as if typed, so it still gets its own dry run and confirm card; the card itself runs nothing.
 */
export function buildClarifyCard(question: string, options: ReadonlyArray<{ title: string; command: string }>): AdaptiveCardJson {
  const buttons = options.map((option) => commandButton(option.title, option.command));
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Which did you mean?', size: 'medium', weight: 'bolder', wrap: true },
      { type: 'TextBlock', text: question, wrap: true },
      { type: 'TextBlock', text: 'Nothing was changed.', isSubtle: true, wrap: true, spacing: 'small' },
    ],
    actions: [
      ...buttons.map((button) => ({
        type: 'Action.Submit',
        title: button.title,
        data: { verb: 'run-command', command: button.command, msteams: { type: 'imBack', value: button.command } },
      })),
      { type: 'Action.Submit', title: 'Show all commands', data: { verb: 'run-command', command: 'help', msteams: { type: 'imBack', value: 'help' } } },
    ],
  };
}
