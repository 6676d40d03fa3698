import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_CATALOG } from '../../../src/bot/command-catalog';
import { parseCommand } from '../../../src/bot/command-parser';
import { BOT_SCOPES, MAX_MENU_COMMANDS, commandListsFor, menuCommandsFor } from '../../../tools/app-package/menu-commands';
import { syncCommandLists } from '../../../tools/app-package/sync-command-lists';
import { bundledSchemaFor } from '../../../tools/app-package/validate-manifest';

interface Manifest {
  $schema: string;
  manifestVersion: string;
  name: { short: string; full: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
  }>;
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
}

const manifestText = readFileSync(join(__dirname, '../../../appPackage/manifest.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const bot = manifest.bots[0];

describe('appPackage/manifest.json', () => {
  it('uses the newest Teams schema that @microsoft/app-manifest bundles', () => {
    const schemasDir = join(dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');
    const versions = readdirSync(schemasDir)
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1).split('.').map(Number) as [number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const newest = versions.at(-1)?.join('.');
    expect(manifest.manifestVersion).toBe(newest);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
    expect(bundledSchemaFor(manifest)).toMatchObject({ ok: true, version: `v${newest}` });
  });

  it('has the app names', () => {
    expect(manifest.name).toEqual({ short: 'Entra Bulk Admin', full: 'Entra Bulk Admin — bulk directory work for Entra ID admins' });
  });

  it('declares one bot for personal, team and group chat that accepts files', () => {
    expect(manifest.bots).toHaveLength(1);
    expect(bot?.botId).toBe('${{BOT_ID}}');
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.supportsFiles).toBe(true);
  });

  it('is set up for SSO through the Azure Bot OAuth connection', () => {
    expect(manifest.webApplicationInfo).toEqual({ id: '${{BOT_ID}}', resource: 'api://botid-${{BOT_ID}}' });
    expect(manifest.validDomains).toEqual(expect.arrayContaining(['${{BOT_DOMAIN}}', 'token.botframework.com']));
  });
});

describe('the command menus', () => {
  it('are generated from the bot command catalogue, one list per scope', () => {
    expect(bot?.commandLists, 'out of date: run `npm run package -- --sync-commands`').toEqual(commandListsFor());
    expect(syncCommandLists(manifestText)).toBe(manifestText);
    expect(bot?.commandLists.map((list) => list.scopes)).toEqual(BOT_SCOPES.map((scope) => [scope]));
  });

  it('offer, in personal chat, every catalogue command that has a menu title', () => {
    const personal = bot?.commandLists.find((list) => list.scopes.includes('personal'));
    const withTitles = COMMAND_CATALOG.filter((entry) => entry.menuTitle !== undefined);
    expect(withTitles.length).toBeLessThanOrEqual(MAX_MENU_COMMANDS);
    expect(personal?.commands.map((c) => c.title)).toEqual(withTitles.map((entry) => entry.menuTitle));
  });

  it('are each understood by the command parser as the command they stand for', () => {
    for (const list of bot?.commandLists ?? []) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(MAX_MENU_COMMANDS);
      for (const command of list.commands) {
        const entry = COMMAND_CATALOG.find((e) => e.menuTitle === command.title);
        expect(entry, command.title).toBeDefined();
        expect(parseCommand(command.title).intent, command.title).toBe(entry?.intent);
        expect(command.description).toBe(entry?.description);
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  it('leave commands that need a CSV out of team and group chat, where files do not reach the bot', () => {
    const catalog = [
      { intent: 'help', usage: 'help', description: 'Help.', example: 'help', menuTitle: 'help' },
      { intent: 'create-users', usage: 'create users + CSV', description: 'Create.', example: 'create users', menuTitle: 'create users', needsFile: true },
    ];
    expect(menuCommandsFor('personal', catalog).map((c) => c.title)).toEqual(['help', 'create users']);
    expect(menuCommandsFor('team', catalog).map((c) => c.title)).toEqual(['help']);
    expect(menuCommandsFor('groupChat', catalog).map((c) => c.title)).toEqual(['help']);
    for (const list of bot?.commandLists.filter((l) => !l.scopes.includes('personal')) ?? []) {
      for (const command of list.commands) {
        expect(COMMAND_CATALOG.find((e) => e.menuTitle === command.title)?.needsFile, command.title).not.toBe(true);
      }
    }
  });

  it('never exceed the Teams limit of 10 commands', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ intent: `c${i}`, usage: `c${i}`, description: 'd', example: `c${i}`, menuTitle: `c${i}` }));
    expect(menuCommandsFor('personal', many)).toHaveLength(MAX_MENU_COMMANDS);
  });
});

describe('syncCommandLists', () => {
  it('replaces stale menus from the catalogue and keeps every other field, placeholders included', () => {
    const stale = JSON.stringify({
      id: '${{TEAMS_APP_ID}}',
      bots: [{ botId: '${{BOT_ID}}', commandLists: [{ scopes: ['personal'], commands: [{ title: 'old' }] }] }],
    });
    const synced = JSON.parse(syncCommandLists(stale)) as { id: string; bots: Array<{ botId: string; commandLists: unknown }> };
    expect(synced.id).toBe('${{TEAMS_APP_ID}}');
    expect(synced.bots[0]?.botId).toBe('${{BOT_ID}}');
    expect(synced.bots[0]?.commandLists).toEqual(commandListsFor());
  });

  it('refuses a manifest without a bot', () => {
    expect(() => syncCommandLists('{"bots": []}')).toThrow('manifest.json has no bot to hold the command lists');
  });
});
