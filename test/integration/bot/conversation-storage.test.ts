import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_STATE_CONTAINER, conversationStorage } from '../../../src/bot/create-bot';
import { loadConfig } from '../../../src/config';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';

let azurite: AzuriteHandle;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

describe("the bot's conversation state", () => {
  it('stays in memory without a storage account', () => {
    const config = loadConfig({});
    if (!config.ok) throw new Error(config.errors.join('; '));
    expect(conversationStorage(config.config)).toBeUndefined();
  });

  it("lives in the jobs' storage account as blobs when STORAGE=azure", async () => {
    const config = loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    if (!config.ok) throw new Error(config.errors.join('; '));
    const storage = conversationStorage(config.config);
    expect(storage).toBeDefined();
    const key = 'msteams/bot/conversations/conv-1';
    await storage?.write({ [key]: { lastCommand: 'restore Adele Vance', eTag: '*' } });
    const read = (await storage?.read([key])) ?? {};
    expect(read[key]).toMatchObject({ lastCommand: 'restore Adele Vance' });

    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(BOT_STATE_CONTAINER);
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    expect(names.length).toBe(1);
  });
});
