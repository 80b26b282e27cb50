// docs/PERFORMANCE.md's measured sections, which benchmarks write themselves: each lies between
// two marker comments, and the file is written back as Prettier lays it out (tables aligned), so
// a benchmark run leaves `npm run lint` clean.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

export interface Section {
  /** The marker comments around the section, e.g. `<!-- workbench-results:begin -->`. */
  begin: string;
  end: string;
}

export const performanceDocPath = join(import.meta.dirname, '../docs/PERFORMANCE.md');

/** Each benchmark's section of docs/PERFORMANCE.md. */
export const benchSections = {
  /** `npm run bench` (bench/run.js): the engine against go.starlark.net. */
  engine: {
    begin: '<!-- engine-bench:start (written by `npm run bench`) -->',
    end: '<!-- engine-bench:end -->',
  },
  /** `npm run bench:local-cluster` (bench/local-cluster/run.ts). */
  localCluster: {
    begin: '<!-- local-cluster-bench:start (written by `npm run bench:local-cluster`) -->',
    end: '<!-- local-cluster-bench:end -->',
  },
  /** `npm run bench:workbench` (bench/workbench/run.ts). */
  workbench: {
    begin: '<!-- workbench-results:begin -->',
    end: '<!-- workbench-results:end -->',
  },
  /** `npm run bench:reconciler` (bench/reconciler/run.ts). */
  reconciler: {
    begin: '<!-- reconciler-bench:start (written by `npm run bench:reconciler`) -->',
    end: '<!-- reconciler-bench:end -->',
  },
} satisfies Record<string, Section>;

/** `doc` with the text between the section's markers replaced by `body`, or undefined without them. */
export function replaceSection(doc: string, section: Section, body: string): string | undefined {
  const i = doc.indexOf(section.begin);
  const j = doc.indexOf(section.end, i);
  if (i < 0 || j < 0) return undefined;
  return `${doc.slice(0, i + section.begin.length)}\n\n${body.trim()}\n\n${doc.slice(j)}`;
}

/** Markdown as Prettier writes it with the project's settings for `path`. */
export async function formatMarkdown(text: string, path: string): Promise<string> {
  const config = (await resolveConfig(path)) ?? {};
  return format(text, { ...config, filepath: path });
}

/**
 * Writes `body` into the section of the Markdown file at `path`, formatted. Throws, writing
 * nothing, when the file lacks the section's markers.
 */
export async function writeSection(path: string, section: Section, body: string): Promise<void> {
  const doc = replaceSection(readFileSync(path, 'utf8'), section, body);
  if (doc === undefined) {
    throw new Error(
      `${path} has no ${section.begin} … ${section.end} markers; put them where the results go`,
    );
  }
  writeFileSync(path, await formatMarkdown(doc, path));
}
