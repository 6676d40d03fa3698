/**
 * Writes the trimmed Graph v1.0 metadata extract the sandbox is checked against, and the property table the
 * sandbox's query-option parser uses. Reproducible: `npx tsx scripts/extract-graph-metadata.ts [--csdl <path>]`.
 * Input: Microsoft's official CSDL, microsoftgraph/msgraph-metadata `schemas/v1.0-Prod.csdl`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT_ENTITY_TYPES = [
  'entity',
  'directoryObject',
  'user',
  'group',
  'application',
  'servicePrincipal',
  'administrativeUnit',
  'directoryRole',
  'invitation',
  'authenticationMethod',
  'phoneAuthenticationMethod',
  'emailAuthenticationMethod',
];

// The entity kinds the sandbox's query options resolve property names against.
const QUERY_ENTITY_TYPES = ['directoryObject', 'user', 'group', 'application', 'servicePrincipal', 'administrativeUnit'];

interface Property {
  name: string;
  type: string;
  nullable: boolean;
}

interface TypeElement {
  element: 'EntityType' | 'ComplexType' | 'EnumType';
  name: string;
  attributes: Record<string, string>;
  properties: Property[];
  members: { name: string; value: string }[];
}

interface ActionElement {
  name: string;
  isBound: boolean;
  parameters: Property[];
  returnType: string | undefined;
}

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/(\w+)="([^"]*)"/g)) attributes[match[1] ?? ''] = match[2] ?? '';
  return attributes;
}

function propertiesOf(body: string, element: 'Property' | 'Parameter'): Property[] {
  const properties: Property[] = [];
  for (const match of body.matchAll(new RegExp(`<${element}\\s[^>]*?/?>`, 'g'))) {
    const attributes = attributesOf(match[0]);
    properties.push({ name: attributes['Name'] ?? '', type: attributes['Type'] ?? '', nullable: attributes['Nullable'] !== 'false' });
  }
  return properties;
}

function parseSchema(schema: string): { types: Map<string, TypeElement>; actions: ActionElement[] } {
  const types = new Map<string, TypeElement>();
  const pattern = /<(EntityType|ComplexType|EnumType)\s([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g;
  for (const match of schema.matchAll(pattern)) {
    const element = match[1] as TypeElement['element'];
    const attributes = attributesOf(match[2] ?? '');
    const body = match[4] ?? '';
    const name = attributes['Name'] ?? '';
    const members = [...body.matchAll(/<Member\s[^>]*?\/>/g)].map((m) => {
      const a = attributesOf(m[0]);
      return { name: a['Name'] ?? '', value: a['Value'] ?? '' };
    });
    types.set(name, { element, name, attributes, properties: propertiesOf(body, 'Property'), members });
  }
  const actions: ActionElement[] = [];
  for (const match of schema.matchAll(/<Action\s([^>]*?)>([\s\S]*?)<\/Action>/g)) {
    const attributes = attributesOf(match[1] ?? '');
    const body = match[2] ?? '';
    const returnType = /<ReturnType\s[^>]*Type="([^"]+)"/.exec(body)?.[1];
    actions.push({ name: attributes['Name'] ?? '', isBound: attributes['IsBound'] === 'true', parameters: propertiesOf(body, 'Parameter'), returnType });
  }
  return { types, actions };
}

function localTypeName(type: string): string | undefined {
  const inner = /^Collection\((.+)\)$/.exec(type)?.[1] ?? type;
  return inner.startsWith('graph.') ? inner.slice('graph.'.length) : undefined;
}

function collectTypes(types: Map<string, TypeElement>): TypeElement[] {
  const wanted = new Set<string>();
  const queue = [...ROOT_ENTITY_TYPES];
  while (queue.length > 0) {
    const name = queue.shift() ?? '';
    if (wanted.has(name)) continue;
    const type = types.get(name);
    if (type === undefined) throw new Error(`type graph.${name} is not in the CSDL`);
    wanted.add(name);
    const base = type.attributes['BaseType'];
    if (base !== undefined) queue.push(localTypeName(base) ?? '');
    for (const property of type.properties) {
      const referenced = localTypeName(property.type);
      // Structural properties only; entity-typed structural properties are rare and not followed.
      if (referenced !== undefined && types.get(referenced)?.element !== 'EntityType') queue.push(referenced);
    }
  }
  const order = { EntityType: 0, ComplexType: 1, EnumType: 2 };
  return [...wanted]
    .map((name) => types.get(name) as TypeElement)
    .sort((a, b) => order[a.element] - order[b.element] || a.name.localeCompare(b.name));
}

const xmlEscape = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function renderProperty(tag: 'Property' | 'Parameter', p: Property): string {
  return `<${tag} Name="${xmlEscape(p.name)}" Type="${xmlEscape(p.type)}"${p.nullable ? '' : ' Nullable="false"'} />`;
}

function renderType(type: TypeElement): string {
  const keep = ['Name', 'BaseType', 'Abstract', 'OpenType', 'IsFlags'];
  const attributes = keep
    .filter((key) => type.attributes[key] !== undefined)
    .map((key) => `${key}="${xmlEscape(type.attributes[key] ?? '')}"`)
    .join(' ');
  const children =
    type.element === 'EnumType'
      ? type.members.map((m) => `        <Member Name="${xmlEscape(m.name)}" Value="${xmlEscape(m.value)}" />`)
      : type.properties.map((p) => `        ${renderProperty('Property', p)}`);
  if (type.element === 'EntityType' && type.name === 'entity') children.unshift('        <Key><PropertyRef Name="id" /></Key>');
  return children.length === 0
    ? `      <${type.element} ${attributes} />`
    : `      <${type.element} ${attributes}>\n${children.join('\n')}\n      </${type.element}>`;
}

function renderAction(action: ActionElement): string {
  const lines = action.parameters.map((p) => `        ${renderProperty('Parameter', p)}`);
  if (action.returnType !== undefined) lines.push(`        <ReturnType Type="${xmlEscape(action.returnType)}" />`);
  return `      <Action Name="${action.name}" IsBound="${action.isBound}">\n${lines.join('\n')}\n      </Action>`;
}

function flattenedProperties(types: Map<string, TypeElement>, name: string): Property[] {
  const chain: TypeElement[] = [];
  let current = types.get(name);
  while (current !== undefined) {
    chain.unshift(current);
    const base = current.attributes['BaseType'];
    current = base === undefined ? undefined : types.get(localTypeName(base) ?? '');
  }
  return chain.flatMap((t) => t.properties);
}

function renderPropertyTable(types: Map<string, TypeElement>, kept: TypeElement[]): string {
  const entity = QUERY_ENTITY_TYPES.map((name) => {
    const rows = flattenedProperties(types, name).map((p) => `    ${p.name}: '${p.type}',`);
    return `  ${name}: {\n${rows.join('\n')}\n  },`;
  });
  const complex = kept
    .filter((t) => t.element === 'ComplexType')
    .map((t) => {
      const rows = flattenedProperties(types, t.name).map((p) => `    ${p.name}: '${p.type}',`);
      return rows.length === 0 ? `  ${t.name}: {},` : `  ${t.name}: {\n${rows.join('\n')}\n  },`;
    });
  return [
    '// Generated by scripts/extract-graph-metadata.ts from the official Graph v1.0 CSDL',
    '// (microsoftgraph/msgraph-metadata, schemas/v1.0-Prod.csdl). Do not edit; re-run the script.',
    '',
    '/** Structural properties (own and inherited) of the entity types the sandbox lists, with their EDM types. */',
    'export const GRAPH_ENTITY_PROPERTIES = {',
    ...entity,
    '} as const satisfies Record<string, Record<string, string>>;',
    '',
    '/** Structural properties of the complex types those entities use. */',
    'export const GRAPH_COMPLEX_PROPERTIES: Record<string, Record<string, string>> = {',
    ...complex,
    '};',
    '',
  ].join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      csdl: { type: 'string', default: '/work/shared/reference/graph-v1.0.csdl' },
      out: { type: 'string', default: join(__dirname, '..', 'test', 'fixtures', 'graph-metadata', 'graph-v1.0-extract.xml') },
      table: { type: 'string', default: join(__dirname, '..', 'src', 'sandbox', 'odata', 'graph-entity-properties.ts') },
    },
  });
  const csdl = readFileSync(values.csdl, 'utf8');
  const schemaMatch = /<Schema Namespace="microsoft\.graph"[^>]*>([\s\S]*?)<\/Schema>/.exec(csdl);
  if (schemaMatch?.[1] === undefined) throw new Error('no microsoft.graph schema in the CSDL');
  const { types, actions } = parseSchema(schemaMatch[1]);
  const kept = collectTypes(types);
  const restore = actions.filter((a) => a.name === 'restore' && a.parameters[0]?.type === 'graph.directoryObject');
  if (restore.length !== 1) throw new Error(`expected one restore action bound to directoryObject, found ${restore.length}`);

  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!--',
    '  Trimmed extract of the official Microsoft Graph v1.0 metadata.',
    '  Source: GitHub microsoftgraph/msgraph-metadata, schemas/v1.0-Prod.csdl (copied into graph-v1.0.csdl).',
    '  Generated by scripts/extract-graph-metadata.ts; do not edit by hand.',
    `  Kept: entity types ${ROOT_ENTITY_TYPES.join(', ')} with their base types, every complex and enum type`,
    '  their structural properties use (recursively), and the bound action restore(directoryObject).',
    '  Dropped: navigation properties, annotations, and every other type and operation.',
    '-->',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    '    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    ...kept.map(renderType),
    ...restore.map(renderAction),
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
  writeFileSync(values.out, xml);
  writeFileSync(values.table, renderPropertyTable(types, kept));
  console.log(`wrote ${values.out} (${kept.length} types) and ${values.table}`);
}

main();
