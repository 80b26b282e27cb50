/**
 * go.starlark.net's own parser tests, in parse mode: every chunk of syntax/testdata/errors.star
 * must fail exactly where and how its `### "regex"` comments say (or parse, if it has none), and
 * scan.star must parse. The files come from the Go module cache, at the version we reproduce;
 * nothing of go.starlark.net is committed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from './parse';

// The same version as ../version.ts, which a stage may not import.
const goStarlark = 'go.starlark.net@v0.0.0-20240705175910-70002002b310';

/** The module's directory, downloaded into the Go module cache if it is not there yet. */
function goStarlarkDir(): string {
  const out = execFileSync('go', ['mod', 'download', '-json', goStarlark], {
    cwd: tmpdir(),
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { Dir: string }).Dir;
}

interface Chunk {
  /** The chunk's text, padded with newlines so its lines keep their numbers in the file. */
  source: string;
  firstLine: number;
  /** Line → the regex its error must match. */
  want: Map<number, RegExp>;
}

/** Splits a chunked file as go.starlark.net's chunkedfile package does. */
function readChunks(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let line = 1;
  for (const part of text.split('\n---\n')) {
    const firstLine = line;
    const want = new Map<number, RegExp>();
    for (const l of part.split('\n')) {
      const hashes = l.indexOf('###');
      if (hashes >= 0) {
        const quoted = l.slice(hashes + 3).trim();
        const pattern = quoted.startsWith('`')
          ? quoted.slice(1, -1)
          : (JSON.parse(quoted) as string);
        want.set(line, new RegExp(pattern));
      }
      line++;
    }
    line++; // the --- line
    chunks.push({ source: '\n'.repeat(firstLine - 1) + part, firstLine, want });
  }
  return chunks;
}

const dir = goStarlarkDir();

describe('syntax/testdata/errors.star (parse mode)', () => {
  const file = join(dir, 'syntax/testdata/errors.star');
  const chunks = readChunks(readFileSync(file, 'utf8'));
  test.each(chunks.map((c) => [c.firstLine, c] as const))('chunk at line %i', (_, chunk) => {
    const result = parse(file, chunk.source);
    const got = result.ok ? [] : [[result.error.pos.line, result.error.msg] as const];
    const unexpected = got.filter(([line, msg]) => !chunk.want.get(line)?.test(msg));
    const missing = [...chunk.want].filter(([line]) => !got.some(([l]) => l === line));
    expect({ unexpected, missing }).toEqual({ unexpected: [], missing: [] });
  });
  test('has chunks', () => expect(chunks.length).toBeGreaterThan(50));
});

describe('syntax/testdata/scan.star (parse mode)', () => {
  test('parses', () => {
    const file = join(dir, 'syntax/testdata/scan.star');
    const result = parse(file, readFileSync(file, 'utf8'));
    expect(result.ok ? 'ok' : result.error.toString()).toBe('ok');
    expect(result.ok && result.file.stmts.length).toBeGreaterThan(10);
  });
});
