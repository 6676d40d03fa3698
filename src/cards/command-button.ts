import { cardPlainText } from './card-button-title';

/** Data for an `Action.Submit` that sends `command` as if the user typed it (Teams `imBack`). */
export function commandButton(title: string, command: string): { title: string; command: string } {
  return { title: cardPlainText(title, 40), command: cardPlainText(command, 200) };
}
