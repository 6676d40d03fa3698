import { TableClient } from '@azure/data-tables';
import type { AzureStorageTarget } from './azure-job-store';

/** A Table client on the job store's storage account (Azurite's plain-http endpoint allowed); the table is created. */
export async function openTable(storage: AzureStorageTarget, name: string): Promise<TableClient> {
  let table: TableClient;
  if ('connectionString' in storage) {
    const insecure = /DefaultEndpointsProtocol=http;|Endpoint=http:\/\//i.test(storage.connectionString);
    table = TableClient.fromConnectionString(storage.connectionString, name, { allowInsecureConnection: insecure });
  } else {
    table = new TableClient(`https://${storage.accountName}.table.${storage.endpointSuffix ?? 'core.windows.net'}`, name, storage.credential);
  }
  await table.createTable();
  return table;
}

export function storageStatusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = (error as { statusCode: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** 412 (someone wrote since our read) or 409 (someone created it first): read again and retry. */
export function isWriteRace(error: unknown): boolean {
  const status = storageStatusOf(error);
  return status === 412 || status === 409;
}

/** A short random wait between retries of a lost write race, so racing writers spread out. */
export function raceBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
