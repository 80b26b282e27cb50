/**
 * Golden tables: the engine library's unit tests (src-main/starlark/{runtime/methods,lib}/*.test.ts)
 * state each case as a Starlark expression and what go.starlark.net prints for it, in a
 * `const cases: [string, string][] = [...]` table. This script asks the Go reference
 * (`starlark-reference eval`) for every expression and compares its answers with the committed
 * ones, or writes them into the tables.
 *
 *   npm run golden -- --check    lists every expectation the reference disagrees with (exit 1)
 *   npm run golden -- --write    rewrites those expectations with the reference's answers
 *
 * The reference runs with TZ=UTC, so a table does not depend on the machine's zone.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';
import { buildReference } from './build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where golden tables live: every unit test there that declares `const cases`. */
export const tableFolders = ['src-main/starlark/runtime/methods', 'src-main/starlark/lib'];

export interface GoldenCase {
  readonly expr: string;
  readonly want: string;
  /** 1-based line of the case in its file. */
  readonly line: number;
  /** Where the expectation's string literal sits in the file's text. */
  readonly wantStart: number;
  readonly wantEnd: number;
}

export interface GoldenTable {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly text: string;
  readonly cases: readonly GoldenCase[];
}

export interface Drift {
  readonly file: string;
  readonly line: number;
  readonly expr: string;
  readonly committed: string;
  readonly reference: string;
}

/** The golden tables of the repository, read from disk. */
export function findTables(base = root): GoldenTable[] {
  const tables: GoldenTable[] = [];
  for (const folder of tableFolders) {
    for (const name of readdirSync(join(base, folder)).sort()) {
      if (!name.endsWith('.test.ts')) continue;
      const file = join(folder, name);
      const table = readTable(file, readFileSync(join(base, file), 'utf8'));
      if (table) tables.push(table);
    }
  }
  return tables;
}

/** The cases of one test file, or undefined when it has no `const cases` table. */
export function readTable(file: string, text: string): GoldenTable | undefined {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let list: ts.ArrayLiteralExpression | undefined;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (ts.isIdentifier(decl.name) && decl.name.text === 'cases' && decl.initializer) {
        if (!ts.isArrayLiteralExpression(decl.initializer)) {
          throw new Error(`${file}: \`cases\` is not an array literal`);
        }
        list = decl.initializer;
      }
    }
  }
  if (!list) return undefined;
  const cases = list.elements.map((element): GoldenCase => {
    const where = source.getLineAndCharacterOfPosition(element.getStart()).line + 1;
    const pair = ts.isArrayLiteralExpression(element) ? element.elements : undefined;
    const [expr, want] = pair ?? [];
    if (pair?.length !== 2 || !isPlainString(expr) || !isPlainString(want)) {
      throw new Error(`${file}:${where}: a case must be a pair of string literals`);
    }
    if (expr.text.includes('\n')) {
      throw new Error(`${file}:${where}: an expression must fit on one line`);
    }
    return {
      expr: expr.text,
      want: want.text,
      line: where,
      wantStart: want.getStart(),
      wantEnd: want.end,
    };
  });
  return { file, text, cases };
}

function isPlainString(
  node: ts.Expression | undefined,
): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return (
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
  );
}

/** What the reference prints for each expression, in order. */
export function referenceAnswers(exprs: readonly string[], reference = buildReference()): string[] {
  if (exprs.length === 0) return [];
  const out = execFileSync(reference, ['eval'], {
    input: exprs.join('\n') + '\n',
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 64 << 20,
  });
  const answers = out.split('\n').filter((l) => l !== '');
  if (answers.length !== exprs.length) {
    throw new Error(`starlark-reference eval: ${answers.length} answers for ${exprs.length} lines`);
  }
  return answers.map((l) => JSON.parse(l) as string);
}

/** Every case whose committed expectation differs from the reference's answer. */
export function findDrift(tables: readonly GoldenTable[], reference?: string): Drift[] {
  const all = tables.flatMap((t) => t.cases.map((c) => ({ table: t, c })));
  const answers = referenceAnswers(
    all.map(({ c }) => c.expr),
    reference,
  );
  const drift: Drift[] = [];
  all.forEach(({ table, c }, i) => {
    const answer = answers[i]!;
    if (answer !== c.want) {
      drift.push({
        file: table.file,
        line: c.line,
        expr: c.expr,
        committed: c.want,
        reference: answer,
      });
    }
  });
  return drift;
}

/** A single-quoted TypeScript string literal for s (prettier may then pick the other quote). */
function literal(s: string): string {
  let body = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === "'") body += `\\${ch}`;
    else if (ch === '\n') body += '\\n';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029) {
      body += `\\u${code.toString(16).padStart(4, '0')}`;
    } else body += ch;
  }
  return `'${body}'`;
}

/** The table's text with the drifting expectations replaced by the reference's answers. */
export async function rewriteTable(table: GoldenTable, drift: readonly Drift[]): Promise<string> {
  const answers = new Map(drift.filter((d) => d.file === table.file).map((d) => [d.line, d]));
  let text = table.text;
  for (const c of [...table.cases].reverse()) {
    const d = answers.get(c.line);
    if (d && d.expr === c.expr) {
      text = text.slice(0, c.wantStart) + literal(d.reference) + text.slice(c.wantEnd);
    }
  }
  const path = join(root, table.file);
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

function describeDrift(d: Drift): string {
  return (
    `${d.file}:${d.line}: ${d.expr}\n` +
    `  committed: ${JSON.stringify(d.committed)}\n` +
    `  reference: ${JSON.stringify(d.reference)}`
  );
}

async function main(args: string[]): Promise<number> {
  const mode = args[0];
  if (args.length !== 1 || (mode !== '--check' && mode !== '--write')) {
    process.stderr.write('usage: npm run golden -- --check|--write\n');
    return 2;
  }
  const tables = findTables();
  const drift = findDrift(tables);
  const count = tables.reduce((n, t) => n + t.cases.length, 0);
  if (mode === '--check') {
    for (const d of drift) process.stdout.write(`${describeDrift(d)}\n`);
    process.stdout.write(
      `${count - drift.length} passed, ${drift.length} failed (golden cases in ${tables.length} tables)\n`,
    );
    return drift.length === 0 ? 0 : 1;
  }
  for (const table of tables) {
    if (!drift.some((d) => d.file === table.file)) continue;
    writeFileSync(join(root, table.file), await rewriteTable(table, drift));
  }
  const files = new Set(drift.map((d) => relative('.', join(root, d.file))));
  process.stdout.write(`rewrote ${drift.length} expectations in ${files.size} files\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
