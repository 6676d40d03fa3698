import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CsdlProperty {
  name: string;
  type: string;
  nullable: boolean;
}

export interface CsdlStructuredType {
  kind: 'entity' | 'complex';
  /** Qualified, e.g. `microsoft.graph.user`. */
  name: string;
  baseType: string | undefined;
  abstract: boolean;
  openType: boolean;
  properties: Map<string, CsdlProperty>;
}

export interface CsdlEnumType {
  name: string;
  members: string[];
  isFlags: boolean;
}

export interface CsdlAction {
  name: string;
  isBound: boolean;
  parameters: CsdlProperty[];
  returnType: string | undefined;
}

export interface CsdlModel {
  structuredTypes: Map<string, CsdlStructuredType>;
  enumTypes: Map<string, CsdlEnumType>;
  actions: CsdlAction[];
}

const NAMESPACE = 'microsoft.graph';
export const GRAPH_METADATA_EXTRACT_PATH = join(__dirname, '..', 'fixtures', 'graph-metadata', 'graph-v1.0-extract.xml');

/** `graph.user`, `microsoft.graph.user`, `#microsoft.graph.user` or `user` → `microsoft.graph.user`. */
export function qualify(name: string): string {
  const bare = name.replace(/^#/, '');
  if (bare.startsWith(`${NAMESPACE}.`) || bare.startsWith('Edm.')) return bare;
  if (bare.startsWith('graph.')) return `${NAMESPACE}.${bare.slice('graph.'.length)}`;
  return `${NAMESPACE}.${bare}`;
}

function qualifyType(type: string): string {
  const inner = /^Collection\((.+)\)$/.exec(type)?.[1];
  return inner === undefined ? qualify(type) : `Collection(${qualify(inner)})`;
}

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/(\w+)="([^"]*)"/g)) attributes[match[1] ?? ''] = (match[2] ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
  return attributes;
}

function propertiesOf(body: string, element: 'Property' | 'Parameter'): CsdlProperty[] {
  return [...body.matchAll(new RegExp(`<${element}\\s[^>]*?/?>`, 'g'))].map((match) => {
    const a = attributesOf(match[0]);
    return { name: a['Name'] ?? '', type: qualifyType(a['Type'] ?? ''), nullable: a['Nullable'] !== 'false' };
  });
}

export function parseCsdl(xml: string): CsdlModel {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  const structuredTypes = new Map<string, CsdlStructuredType>();
  const enumTypes = new Map<string, CsdlEnumType>();
  for (const match of withoutComments.matchAll(/<(EntityType|ComplexType|EnumType)\s([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g)) {
    const attributes = attributesOf(match[2] ?? '');
    const body = match[4] ?? '';
    const name = qualify(attributes['Name'] ?? '');
    if (match[1] === 'EnumType') {
      const members = [...body.matchAll(/<Member\s[^>]*?\/>/g)].map((m) => attributesOf(m[0])['Name'] ?? '');
      enumTypes.set(name, { name, members, isFlags: attributes['IsFlags'] === 'true' });
      continue;
    }
    structuredTypes.set(name, {
      kind: match[1] === 'EntityType' ? 'entity' : 'complex',
      name,
      baseType: attributes['BaseType'] === undefined ? undefined : qualify(attributes['BaseType']),
      abstract: attributes['Abstract'] === 'true',
      openType: attributes['OpenType'] === 'true',
      properties: new Map(propertiesOf(body, 'Property').map((p) => [p.name, p])),
    });
  }
  const actions: CsdlAction[] = [...withoutComments.matchAll(/<Action\s([^>]*?)>([\s\S]*?)<\/Action>/g)].map((match) => {
    const attributes = attributesOf(match[1] ?? '');
    const returnType = /<ReturnType\s[^>]*Type="([^"]+)"/.exec(match[2] ?? '')?.[1];
    return {
      name: attributes['Name'] ?? '',
      isBound: attributes['IsBound'] === 'true',
      parameters: propertiesOf(match[2] ?? '', 'Parameter'),
      returnType: returnType === undefined ? undefined : qualifyType(returnType),
    };
  });
  return { structuredTypes, enumTypes, actions };
}

let cached: CsdlModel | undefined;

/** The vendored extract of Graph's official v1.0 CSDL (see the header of the XML file for its source). */
export function loadGraphMetadataExtract(): CsdlModel {
  cached ??= parseCsdl(readFileSync(GRAPH_METADATA_EXTRACT_PATH, 'utf8'));
  return cached;
}

function findProperty(model: CsdlModel, typeName: string, property: string): CsdlProperty | undefined {
  for (let type = model.structuredTypes.get(typeName); type !== undefined; type = type.baseType ? model.structuredTypes.get(type.baseType) : undefined) {
    const found = type.properties.get(property);
    if (found !== undefined) return found;
  }
  return undefined;
}

function derivesFrom(model: CsdlModel, typeName: string, ancestor: string): boolean {
  for (let type = model.structuredTypes.get(typeName); type !== undefined; type = type.baseType ? model.structuredTypes.get(type.baseType) : undefined) {
    if (type.name === ancestor) return true;
  }
  return false;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

function checkPrimitive(value: unknown, type: string): string | undefined {
  const is = (ok: boolean, expected: string): string | undefined => (ok ? undefined : `expected ${expected} for ${type}, got ${JSON.stringify(value)}`);
  switch (type) {
    case 'Edm.String':
      return is(typeof value === 'string', 'a string');
    case 'Edm.Boolean':
      return is(typeof value === 'boolean', 'a boolean');
    case 'Edm.Int32':
    case 'Edm.Int16':
    case 'Edm.Byte':
    case 'Edm.SByte':
      return is(typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 31, 'an integer');
    case 'Edm.Int64':
      return is(typeof value === 'number' && Number.isInteger(value), 'an integer');
    case 'Edm.Double':
    case 'Edm.Single':
    case 'Edm.Decimal':
      return is(typeof value === 'number', 'a number');
    case 'Edm.DateTimeOffset':
      return is(typeof value === 'string' && DATE_TIME_OFFSET.test(value) && !Number.isNaN(Date.parse(value)), 'an ISO 8601 date-time with offset');
    case 'Edm.Date':
      return is(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value), 'a date (yyyy-mm-dd)');
    case 'Edm.TimeOfDay':
      return is(typeof value === 'string' && /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value), 'a time of day');
    case 'Edm.Duration':
      return is(typeof value === 'string' && /^-?P/.test(value), 'an ISO 8601 duration');
    case 'Edm.Guid':
      return is(typeof value === 'string' && GUID.test(value), 'a GUID');
    case 'Edm.Binary':
      return is(typeof value === 'string' && /^[A-Za-z0-9+/_-]*=*$/.test(value), 'base64 text');
    default:
      return `type ${type} is not handled by the checker`;
  }
}

function checkValue(model: CsdlModel, value: unknown, type: string, nullable: boolean, path: string, problems: string[]): void {
  const collectionOf = /^Collection\((.+)\)$/.exec(type)?.[1];
  if (collectionOf !== undefined) {
    if (!Array.isArray(value)) {
      problems.push(`${path}: expected an array for ${type}, got ${JSON.stringify(value)}`);
      return;
    }
    value.forEach((element, i) => checkValue(model, element, collectionOf, nullable, `${path}[${i}]`, problems));
    return;
  }
  if (value === null) {
    if (!nullable) problems.push(`${path}: null is not allowed (${type} is not nullable)`);
    return;
  }
  if (type.startsWith('Edm.')) {
    const problem = checkPrimitive(value, type);
    if (problem !== undefined) problems.push(`${path}: ${problem}`);
    return;
  }
  const enumType = model.enumTypes.get(type);
  if (enumType !== undefined) {
    const members = typeof value === 'string' ? (enumType.isFlags ? value.split(',').map((m) => m.trim()) : [value]) : [];
    if (members.length === 0 || members.some((m) => !enumType.members.includes(m))) {
      problems.push(`${path}: ${JSON.stringify(value)} is not a member of ${type} (${enumType.members.join(', ')})`);
    }
    return;
  }
  if (!model.structuredTypes.has(type)) {
    problems.push(`${path}: type ${type} is not in the metadata extract`);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: expected an object for ${type}, got ${JSON.stringify(value)}`);
    return;
  }
  checkObject(model, type, value as Record<string, unknown>, path, problems);
}

function checkObject(model: CsdlModel, declaredType: string, obj: Record<string, unknown>, path: string, problems: string[]): void {
  let typeName = declaredType;
  const annotated = obj['@odata.type'];
  if (typeof annotated === 'string') {
    const actual = qualify(annotated);
    if (!derivesFrom(model, actual, declaredType)) {
      problems.push(`${path}: @odata.type ${annotated} is not ${declaredType} or a type derived from it`);
      return;
    }
    typeName = actual;
  }
  for (const [key, value] of Object.entries(obj)) {
    if (key.includes('@odata.') || key.startsWith('@')) continue;
    const property = findProperty(model, typeName, key);
    if (property === undefined) {
      problems.push(`${path}.${key}: not a property of ${typeName} (or its base types)`);
      continue;
    }
    checkValue(model, value, property.type, property.nullable, `${path}.${key}`, problems);
  }
}

/**
 * Problems with `obj` as a JSON representation of `entityType`; [] when every property exists on the type (or a base
 * type) with a compatible JSON value. Open types are treated as closed: the sandbox must not invent properties.
 */
export function checkEntityAgainstMetadata(model: CsdlModel, entityType: string, obj: Record<string, unknown>): string[] {
  const typeName = qualify(entityType);
  if (!model.structuredTypes.has(typeName)) return [`type ${typeName} is not in the metadata extract`];
  const problems: string[] = [];
  checkObject(model, typeName, obj, typeName.slice(NAMESPACE.length + 1), problems);
  return problems;
}

/** Parameters of a bound action, without the binding parameter. */
export function boundActionParameters(model: CsdlModel, action: string, bindingType: string): CsdlProperty[] {
  const binding = qualify(bindingType);
  const found = model.actions.find((a) => a.isBound && a.name === action && a.parameters[0]?.type === binding);
  if (found === undefined) throw new Error(`no action ${action} bound to ${binding} in the metadata extract`);
  return found.parameters.slice(1);
}
