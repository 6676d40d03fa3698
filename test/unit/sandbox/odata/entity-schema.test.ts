import { describe, it, expect } from 'vitest';
import { resolveProperty, USER_DEFAULT_PROPERTIES } from '../../../../src/sandbox/odata/entity-schema';
import { GRAPH_ENTITY_PROPERTIES } from '../../../../src/sandbox/odata/graph-entity-properties';
import { tabledProperties } from '../../../../src/sandbox/odata/query-capabilities';
import { loadGraphMetadataExtract } from '../../../support/csdl';

const KINDS = ['user', 'group', 'application', 'servicePrincipal', 'administrativeUnit'] as const;

function metadataProperties(typeName: string): Map<string, string> {
  const model = loadGraphMetadataExtract();
  const properties = new Map<string, string>();
  for (let type = model.structuredTypes.get(typeName); type; type = type.baseType ? model.structuredTypes.get(type.baseType) : undefined) {
    for (const p of type.properties.values()) properties.set(p.name, p.type);
  }
  return properties;
}

describe('entity schema', () => {
  it.each(KINDS)('the generated %s property table matches the vendored metadata extract', (kind) => {
    const fromMetadata = metadataProperties(`microsoft.graph.${kind}`);
    const generated = Object.entries(GRAPH_ENTITY_PROPERTIES[kind]).map(([name, type]): [string, string] => [name, type.replace(/graph\./, 'microsoft.graph.')]);
    expect(new Map(generated)).toEqual(fromMetadata);
  });

  it.each(KINDS)('every %s property in the filter and sorting tables exists on the type', (kind) => {
    for (const property of tabledProperties(kind)) {
      expect(resolveProperty(kind, property)?.name, `${kind}.${property}`).toBe(property);
    }
  });

  it('lists user defaults that exist on the type', () => {
    for (const property of USER_DEFAULT_PROPERTIES) expect(resolveProperty('user', property)?.name).toBe(property);
  });
});
