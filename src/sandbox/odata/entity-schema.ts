import { GRAPH_COMPLEX_PROPERTIES, GRAPH_ENTITY_PROPERTIES } from './graph-entity-properties';

export type EntityKind = 'user' | 'group' | 'application' | 'servicePrincipal' | 'administrativeUnit' | 'directoryObject';

export interface SchemaProperty {
  /** Canonical (metadata) spelling. */
  name: string;
  /** EDM type as in the metadata: `Edm.String`, `Collection(Edm.String)`, `graph.objectIdentity`, ... */
  type: string;
}

const CONCRETE_KINDS = ['user', 'group', 'application', 'servicePrincipal', 'administrativeUnit'] as const;

function lowerCaseIndex(properties: Record<string, string>): Map<string, SchemaProperty> {
  const index = new Map<string, SchemaProperty>();
  for (const [name, type] of Object.entries(properties)) index.set(name.toLowerCase(), { name, type });
  return index;
}

// A bare directoryObject (`/directory/deletedItems/{id}`) can be any of the concrete kinds, so it accepts their union.
const DIRECTORY_OBJECT_UNION: Record<string, string> = Object.assign({}, ...CONCRETE_KINDS.map((kind) => GRAPH_ENTITY_PROPERTIES[kind]));

const ENTITY_INDEX: Record<EntityKind, Map<string, SchemaProperty>> = {
  user: lowerCaseIndex(GRAPH_ENTITY_PROPERTIES.user),
  group: lowerCaseIndex(GRAPH_ENTITY_PROPERTIES.group),
  application: lowerCaseIndex(GRAPH_ENTITY_PROPERTIES.application),
  servicePrincipal: lowerCaseIndex(GRAPH_ENTITY_PROPERTIES.servicePrincipal),
  administrativeUnit: lowerCaseIndex(GRAPH_ENTITY_PROPERTIES.administrativeUnit),
  directoryObject: lowerCaseIndex(DIRECTORY_OBJECT_UNION),
};

const COMPLEX_INDEX = new Map<string, Map<string, SchemaProperty>>(
  Object.entries(GRAPH_COMPLEX_PROPERTIES).map(([name, properties]) => [name, lowerCaseIndex(properties)]),
);

export function entityTypeName(kind: EntityKind): string {
  return `microsoft.graph.${kind}`;
}

/** Graph's resource label in filter errors: "... of resource 'User'." */
export function resourceLabel(kind: EntityKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** Property names in query options are case-insensitive; this returns the canonical spelling. */
export function resolveProperty(kind: EntityKind, name: string): SchemaProperty | undefined {
  return ENTITY_INDEX[kind].get(name.toLowerCase());
}

export function resolveComplexProperty(complexType: string, name: string): SchemaProperty | undefined {
  return COMPLEX_INDEX.get(complexType)?.get(name.toLowerCase());
}

export function isCollectionType(type: string): boolean {
  return type.startsWith('Collection(');
}

export function elementType(type: string): string {
  return /^Collection\((.+)\)$/.exec(type)?.[1] ?? type;
}

/** `graph.objectIdentity` → `objectIdentity`; undefined for EDM primitives. */
export function complexTypeName(type: string): string | undefined {
  const element = elementType(type);
  return element.startsWith('graph.') ? element.slice('graph.'.length) : undefined;
}

/** Properties returned without `$select` (user-list.md); other kinds return everything they hold. */
export const USER_DEFAULT_PROPERTIES: readonly string[] = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

export function defaultPropertiesFor(kind: EntityKind): readonly string[] | undefined {
  return kind === 'user' ? USER_DEFAULT_PROPERTIES : undefined;
}
