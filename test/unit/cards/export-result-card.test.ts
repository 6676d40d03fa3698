import { describe, expect, it } from 'vitest';
import { buildExportResultCard } from '../../../src/cards/build-export-result-card';
import { describeExportNote } from '../../../src/operations/export-directory';
import { textBlocks as texts } from './card-inspect';

describe('export result card notes', () => {
  it('shows how the export ran when Graph refused the partition queries, and nothing extra otherwise', () => {
    const note = describeExportNote({
      kind: 'partitioning-refused',
      property: 'userPrincipalName',
      refused: ['ranges', 'prefixes'],
      ranAs: 'single',
      midway: false,
      code: 'Request_UnsupportedQuery',
    });
    expect(note).toBe(
      'Graph refused range (ge) and startswith queries on userPrincipalName in this tenant, so the export ran as one stream (slower); every row is still in the file once (Graph code Request_UnsupportedQuery).',
    );
    const card = buildExportResultCard({ subject: 'users', rows: 4_000, fileName: 'users.csv', delivery: 'Every row is in users.csv.', notes: [note] });
    expect(texts(card)).toContain(
      'Graph refused range (ge) and startswith queries on userPrincipalName in this tenant, so the export ran as one stream (slower); every row is still in the file once (Graph code Request_UnsupportedQuery).',
    );
    const plain = buildExportResultCard({ subject: 'users', rows: 4_000, fileName: 'users.csv', delivery: 'Every row is in users.csv.' });
    expect(texts(plain).some((t) => t.includes('Graph refused'))).toBe(false);
  });

  it('says a refusal part-way through lost and repeated no row', () => {
    const note = describeExportNote({ kind: 'partitioning-refused', property: 'userPrincipalName', refused: ['prefixes'], ranAs: 'single', midway: true, code: 'Request_UnsupportedQuery' });
    expect(note).toContain('startswith queries on userPrincipalName part-way through');
    expect(note).toContain('no row was repeated or left out');
  });

  it('names advanced queries, not a property, when Graph refused $count', () => {
    expect(describeExportNote({ kind: 'partitioning-refused', property: 'userPrincipalName', refused: ['count'], ranAs: 'single', midway: false, code: 'Request_UnsupportedQuery' })).toBe(
      'Graph refused advanced queries ($count with ConsistencyLevel: eventual) in this tenant, so the export ran as one stream (slower); every row is still in the file once (Graph code Request_UnsupportedQuery).',
    );
  });
});

