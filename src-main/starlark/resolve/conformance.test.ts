/**
 * go.starlark.net's own resolver tests, in resolve mode: every chunk of
 * resolve/testdata/resolve.star, with its `option:NAME` flags, must report exactly the errors its
 * `### "regex"` comments expect (all errors count, not just the first). The predeclared names are
 * those of go.starlark.net's test: M (module-specific), U and float (universal). The file comes
 * from the Go module cache at the version we reproduce; nothing of go.starlark.net is committed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { optionsInText } from '../syntax/options';
import { parse } from '../syntax/parse';
import { resolveFile } from './resolve';

// The same version as ../version.ts, which a stage may not import.
const goStarlark = 'go.starlark.net@v0.0.0-20240705175910-70002002b310';

function goStarlarkDir(): string {
  const out = execFileSync('go', ['mod', 'download', '-json', goStarlark], {
    cwd: tmpdir(),
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { Dir: string }).Dir;
}

interface Chunk {
  source: string;
  firstLine: number;
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

describe('resolve/testdata/resolve.star (resolve mode)', () => {
  const file = join(goStarlarkDir(), 'resolve/testdata/resolve.star');
  const chunks = readChunks(readFileSync(file, 'utf8'));
  test.each(chunks.map((c) => [c.firstLine, c] as const))('chunk at line %i', (_, chunk) => {
    const parsed = parse(file, chunk.source);
    if (!parsed.ok) throw parsed.error;
    const errors = resolveFile(
      parsed.file,
      optionsInText(chunk.source),
      (name) => name === 'M',
      (name) => name === 'U' || name === 'float',
    );
    // As chunkedfile does: an error consumes its line's expectation, which it must match.
    const want = new Map(chunk.want);
    const unexpected: string[] = [];
    for (const e of errors) {
      const rx = want.get(e.pos.line);
      want.delete(e.pos.line);
      if (!rx?.test(e.msg)) unexpected.push(e.toString());
    }
    const missing = [...want].map(([line, rx]) => `${line}: ${rx.source}`);
    expect({ unexpected, missing }).toEqual({ unexpected: [], missing: [] });
  });
  test('has chunks', () => expect(chunks.length).toBeGreaterThan(40));
});
