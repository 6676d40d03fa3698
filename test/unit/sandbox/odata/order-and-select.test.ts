import { describe, it, expect } from 'vitest';
import { applySelect, compareBy } from '../../../../src/sandbox/odata/order-and-select';
import { defaultPropertiesFor, USER_DEFAULT_PROPERTIES } from '../../../../src/sandbox/odata/entity-schema';

describe('compareBy', () => {
  const rows = [
    { id: '1', displayName: 'megan Bowen', deletedDateTime: '2026-01-02T00:00:00Z' },
    { id: '2', displayName: 'Adele Vance', deletedDateTime: null },
    { id: '3', displayName: 'Megan Bowen', deletedDateTime: '2026-01-01T00:00:00Z' },
    { id: '4', displayName: 'alex Wilber', deletedDateTime: '2026-01-03T00:00:00Z' },
  ];

  it('sorts case-insensitively and stably', () => {
    expect([...rows].sort(compareBy([{ property: 'displayName', descending: false }])).map((r) => r.id)).toEqual(['2', '4', '1', '3']);
  });

  it('sorts descending and puts nulls last ascending', () => {
    expect([...rows].sort(compareBy([{ property: 'deletedDateTime', descending: false }])).map((r) => r.id)).toEqual(['3', '1', '4', '2']);
    expect([...rows].sort(compareBy([{ property: 'deletedDateTime', descending: true }])).map((r) => r.id)).toEqual(['2', '4', '1', '3']);
  });

  it('uses later clauses to break ties', () => {
    const order = compareBy([
      { property: 'displayName', descending: false },
      { property: 'deletedDateTime', descending: true },
    ]);
    expect([...rows].sort(order).map((r) => r.id)).toEqual(['2', '4', '1', '3']);
  });
});

describe('applySelect', () => {
  const user = {
    '@odata.type': '#microsoft.graph.user',
    id: 'u1',
    displayName: 'Adele Vance',
    department: 'Retail',
    accountEnabled: true,
    businessPhones: [],
    mail: 'AdeleV@contoso.onmicrosoft.com',
  };

  it('returns id, annotations and the selected properties, null when unset', () => {
    expect(applySelect(user, ['displayName', 'city'], USER_DEFAULT_PROPERTIES)).toEqual({
      '@odata.type': '#microsoft.graph.user',
      id: 'u1',
      displayName: 'Adele Vance',
      city: null,
    });
  });

  it('returns the default set without $select', () => {
    expect(applySelect(user, undefined, defaultPropertiesFor('user'))).toEqual({
      '@odata.type': '#microsoft.graph.user',
      id: 'u1',
      displayName: 'Adele Vance',
      businessPhones: [],
      mail: 'AdeleV@contoso.onmicrosoft.com',
    });
  });

  it('returns everything for kinds without a default set', () => {
    expect(defaultPropertiesFor('group')).toBeUndefined();
    expect(applySelect(user, undefined, undefined)).toEqual(user);
  });
});
