import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, resolveConfig } from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import {
  benchSections,
  performanceDocPath,
  replaceSection,
  writeSection,
} from '../../bench/performance-doc';

const dir = mkdtempSync(join(tmpdir(), 'starling-performance-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const section = { begin: '<!-- results:begin -->', end: '<!-- results:end -->' };
const doc = [
  '# Performance',
  '',
  'Before the results.',
  '',
  section.begin,
  '',
  'old results',
  '',
  section.end,
  '',
  'After the results.',
  '',
].join('\n');
// A table the way the benchmarks build it: cells of every width, no padding.
const results = [
  '| goal | wall clock | |',
  '| --- | --- | --- |',
  '| web mode interactive ≤ 1.5 s after load | cold 1095.5 ms, warm median 187.9 ms | met |',
  '| first rows | 8.4 ms | **missed** |',
  '',
  'Measured with `npm run bench:workbench` on 2 cores, load average 2.0 at the start and 2.1 at the end (a long line).',
].join('\n');

describe("docs/PERFORMANCE.md's measured sections", () => {
  it('replace only the text between the markers', () => {
    const replaced = replaceSection(doc, section, 'new results\n');
    expect(replaced).toBe(doc.replace('old results', 'new results'));
    expect(replaceSection('# Performance\n', section, 'new')).toBeUndefined();
  });

  it('are written as Prettier lays them out, so lint stays clean', async () => {
    const file = join(dir, 'PERFORMANCE.md');
    writeFileSync(file, doc);
    await writeSection(file, section, results);
    const written = readFileSync(file, 'utf8');
    const options = { ...(await resolveConfig(file)), filepath: file };
    expect(await check(written, options)).toBe(true);
    expect(await check(replaceSection(doc, section, results)!, options)).toBe(false);
    expect(written).toContain(
      '| web mode interactive ≤ 1.5 s after load | cold 1095.5 ms, warm median 187.9 ms | met        |',
    );
    expect(
      written.startsWith('# Performance\n\nBefore the results.\n\n<!-- results:begin -->\n'),
    ).toBe(true);
    expect(written.endsWith('<!-- results:end -->\n\nAfter the results.\n')).toBe(true);
  });

  it('refuse a file without the markers and leave it as it was', async () => {
    const file = join(dir, 'no-markers.md');
    writeFileSync(file, '# Performance\n');
    await expect(writeSection(file, section, results)).rejects.toThrow(
      /has no <!-- results:begin --> … <!-- results:end --> markers/,
    );
    expect(readFileSync(file, 'utf8')).toBe('# Performance\n');
  });

  it('are in docs/PERFORMANCE.md for every benchmark, each rewritten alone', async () => {
    const original = readFileSync(performanceDocPath, 'utf8');
    const file = join(dir, 'PERFORMANCE-copy.md');
    writeFileSync(file, original);
    const between = (text: string, { begin, end }: { begin: string; end: string }) =>
      text.slice(text.indexOf(begin) + begin.length, text.indexOf(end)).trim();
    for (const [name, section] of Object.entries(benchSections)) {
      expect(original.split(section.begin).length - 1, name).toBe(1);
      expect(original.indexOf(section.end), name).toBeGreaterThan(original.indexOf(section.begin));
      await writeSection(file, section, `fresh ${name} results`);
    }
    const written = readFileSync(file, 'utf8');
    for (const [name, section] of Object.entries(benchSections)) {
      expect(between(written, section)).toBe(`fresh ${name} results`);
    }
    // Outside the sections nothing moved.
    const outside = (text: string) =>
      Object.values(benchSections).reduce((t, s) => replaceSection(t, s, '…')!, text);
    expect(outside(written)).toBe(outside(original));
  });
});
