import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './toolchain/paths.ts';

/** Not TypeScript of ours, or not ours to check. */
const skipped = new Set(['node_modules', 'dist', 'rust', 'results', '.tools', '.git']);
const relativeImport = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+\.ts)['"]/g;
const vitestImport = /(?:\bfrom|\bimport)\s*\(?\s*['"]vitest(?:\/[^'"]*)?['"]/;

/** Every TS file under the root, by its path from the root, with its text. */
function sources(root: string, dir = '.', found = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && !skipped.has(entry.name)) sources(root, file, found);
    else if (entry.isFile() && entry.name.endsWith('.ts')) found.set(file, readFileSync(path.join(root, file), 'utf8'));
  }
  return found;
}

/** Each file with the TS files it imports by a relative path. */
function importGraph(files: ReadonlyMap<string, string>): Map<string, string[]> {
  return new Map([...files].map(([file, text]) => [file, [...text.matchAll(relativeImport)].map((match) => path.join(path.dirname(file), match[1]!))]));
}

/** Each cycle once, as the path that closes it: `a.ts → b.ts → a.ts`. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (stack.includes(next)) cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return cycles;
}

const tree = sources(repoRoot);

describe('imports between our TypeScript files', () => {
  it('finds a cycle, however long, and only cycles', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts', 'd.ts']], ['c.ts', ['a.ts']], ['d.ts', []]]);
    expect(importCycles(graph)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('form no cycle anywhere in the tree, type-only imports included', () => {
    // Given every relative import of every TS file (the entry point's import of its commands among them)
    const graph = importGraph(tree);
    expect(graph.get(path.join('cli', 'main.ts'))).toContain(path.join('cli', 'commands.ts'));
    // Then none leads back to where it started
    expect(importCycles(graph)).toEqual([]);
  });
});

describe('test code', () => {
  it('imports vitest only in tests and in the testing/ folders that hold their helpers', () => {
    const importers = [...tree].filter(([, text]) => vitestImport.test(text)).map(([file]) => file);
    expect(importers).toContain(path.join('local', 'testing', 'bundled-runtime.ts'));
    const misplaced = importers.filter(
      (file) => !file.endsWith('.test.ts') && !file.split(path.sep).includes('testing') && file !== 'vitest.config.ts',
    );
    expect(misplaced).toEqual([]);
  });
});
