import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const BOT_FRAMEWORK = /\bfrom\s+['"](?:botbuilder(?:-[a-z-]+)?|@microsoft\/teams-ai)['"]/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('Bot Framework and teams-ai stay at the edge', () => {
  it('are imported by the five Teams-edge files and the language model folder only', () => {
    const importers = sourceFiles(join(root, 'src'))
      .filter((file) => BOT_FRAMEWORK.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file).split('\\').join('/'));
    const outsideModel = importers.filter((file) => !file.startsWith('src/bot/language-model/'));
    expect(outsideModel.sort()).toEqual([
      'src/bot/activity-endpoint.ts',
      'src/bot/create-bot-app.ts',
      'src/bot/create-bot.ts',
      'src/bot/teams-token-broker.ts',
      'src/bot/turn-context-chat.ts',
    ]);
    expect(importers.filter((file) => file.startsWith('src/bot/language-model/'))).toEqual(['src/bot/language-model/planner-interpreter.ts']);
  });
});
