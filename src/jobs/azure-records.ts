import type { TableClient } from '@azure/data-tables';
import type { AzureStorageTarget } from './azure-job-store';
import { openTable, storageStatusOf } from './azure-tables';

export interface AzureRecordsOptions {
  storage: AzureStorageTarget;
  namePrefix?: string;
}

/**
 * Small records every instance must see, one Table entity each (kind as partition, id as row): a value to keep
 * (the conversation a proactive sign-in goes through) or a mark that something happened once (a results file offered).
 */
export class AzureRecords {
  private constructor(private readonly table: TableClient) {}

  static async create(options: AzureRecordsOptions): Promise<AzureRecords> {
    return new AzureRecords(await openTable(options.storage, `${options.namePrefix ?? ''}botrecords`));
  }

  async get(kind: string, id: string): Promise<string | undefined> {
    try {
      const entity = await this.table.getEntity<{ value?: string }>(kind, id);
      return typeof entity.value === 'string' ? entity.value : undefined;
    } catch (error) {
      if (storageStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async put(kind: string, id: string, value: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: kind, rowKey: id, value }, 'Replace');
  }

  /** True for the one caller, on any instance, that marks it first. */
  async claim(kind: string, id: string): Promise<boolean> {
    try {
      await this.table.createEntity({ partitionKey: kind, rowKey: id, value: new Date().toISOString() });
      return true;
    } catch (error) {
      if (storageStatusOf(error) === 409) return false;
      throw error;
    }
  }
}
