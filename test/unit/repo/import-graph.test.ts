import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const SOURCE_FOLDERS = ['src', 'tools'];
const SOURCE_FILE = /\.(ts|cjs)$/;
// `import … from '…'`, `export … from '…'`, `import '…'`, `import('…')` and `require('…')`; type-only imports count too.
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE_FILE.test(name) ? [path] : [];
  });
}

/** The file a relative specifier names, as TypeScript resolves it; undefined for JSON and packages. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => SOURCE_FILE.test(candidate) && existsSync(candidate));
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of SOURCE_FOLDERS) {
    for (const file of sourceFiles(join(root, folder))) {
      const text = readFileSync(file, 'utf8');
      const targets = [...text.matchAll(SPECIFIER)]
        .map((match) => match[1] ?? '')
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => resolveRelative(file, specifier))
        .filter((target): target is string => target !== undefined);
      graph.set(relative(root, file), [...new Set(targets.map((target) => relative(root, target)))]);
    }
  }
  return graph;
}

/** Every cycle found by a depth-first search, each reported once as the path that closes it. */
function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string): void => {
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (onStack.has(target)) cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!done.has(target)) visit(target);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return cycles;
}

describe('imports among src/ and tools/', () => {
  const graph = importGraph();

  it('finds the files and their relative imports', () => {
    expect(graph.get('src/index.ts')?.length).toBeGreaterThan(0);
    expect(graph.get('tools/local-stack/main.ts')).toContain('tools/local-stack/start-local-stack.ts');
  });

  it('product code never imports developer tooling', () => {
    const fromSrcToTools = [...graph].flatMap(([file, targets]) =>
      file.startsWith('src/') ? targets.filter((target) => target.startsWith('tools/')).map((target) => `${file} -> ${target}`) : [],
    );
    expect(fromSrcToTools).toEqual([]);
  });

  it('have no cycles', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
