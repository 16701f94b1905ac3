import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of DESIGN.md, checked over the import graph of src/: what each folder may import, that
 * only src/discord/ imports discord.js, that nothing in src/ imports tests/ or tooling/, and that no
 * file imports itself through others (no cycles).
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const src = path.join(root, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

interface Edge {
  from: string;
  to: string;
}

const files = filesUnder(src);
const edges: Edge[] = [];
const packages = new Map<string, Set<string>>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2]!;
    const from = path.relative(root, file);
    if (spec.startsWith('.')) edges.push({ from, to: path.relative(root, path.resolve(path.dirname(file), spec)) });
    else {
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!packages.has(name)) packages.set(name, new Set());
      packages.get(name)!.add(from);
    }
  }
}

/** The layer of a file: its folder under src/, or the file itself for top-level modules. */
function layerOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.ts$/, '');
}

/** What each layer may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  engine: ['errors', 'words'],
  store: ['engine', 'errors', 'words'],
  observe: ['engine', 'events', 'errors', 'store', 'config', 'logger', 'version'],
  cli: ['engine', 'store', 'observe', 'errors', 'words', 'config', 'logger', 'version', 'events'],
  discord: ['engine', 'store', 'observe', 'events', 'errors', 'words', 'config', 'logger', 'version', 'processGuards'],
  events: ['engine'],
  words: [],
  errors: ['words'],
  config: ['errors'],
  logger: ['config', 'errors'],
  version: [],
  processGuards: ['logger', 'errors'],
  heapFlags: ['store'],
  index: [
    'heapFlags',
    'cli',
    'config',
    'store',
    'discord',
    'errors',
    'logger',
    'observe',
    'version',
    'engine',
    'events',
    'processGuards',
    'words',
  ],
};

describe('layers (DESIGN.md)', () => {
  it('each layer imports only the layers below it', () => {
    const bad = edges
      .filter((e) => e.to.startsWith('src/'))
      .filter((e) => layerOf(e.from) !== layerOf(e.to))
      .filter((e) => !(ALLOWED[layerOf(e.from)] ?? []).includes(layerOf(e.to)))
      .map((e) => `${e.from} → ${e.to}`);
    expect(bad).toEqual([]);
  });

  it('nothing in src/ imports tests/ or tooling/', () => {
    expect(edges.filter((e) => !e.to.startsWith('src/')).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('only src/discord/ imports discord.js', () => {
    expect([...(packages.get('discord.js') ?? [])].filter((f) => !f.startsWith('src/discord/'))).toEqual([]);
  });

  it('the engine reads no files and sets no timers (but the CC-CEDICT and jieba readers loading their data once)', () => {
    const engine = files.map((f) => path.relative(root, f)).filter((f) => f.startsWith('src/engine/'));
    const offenders = engine.filter((f) => {
      if (f === 'src/engine/lexicon/cedict.ts' || f === 'src/engine/lexicon/jiebaData.ts') return false;
      const text = readFileSync(path.join(root, f), 'utf8');
      return /from 'node:fs|setTimeout|setInterval|setImmediate/.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const next = new Map<string, string[]>();
    for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) visit(to, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of next.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
