import { readFileSync } from 'node:fs';
import { UsageError, type CliIO } from './io';
import { runChunkedFile, testModes, type TestMode } from './test/driver';

/**
 * `starling test [--mode exec|resolve|parse] FILE.star...`: runs chunked Starlark test files in
 * go.starlark.net's format, prints a line per failure (`file:line: expected … / got …`) and ends
 * with `N passed, N failed` (chunks). Exit 1 when a chunk failed.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  let mode: TestMode = 'exec';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--mode' || a.startsWith('--mode=')) {
      const value = a === '--mode' ? args[++i] : a.slice('--mode='.length);
      if (!testModes.includes(value as TestMode)) {
        throw new UsageError(`--mode must be one of ${testModes.join(', ')}, not "${value ?? ''}"`);
      }
      mode = value as TestMode;
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown flag ${a}`);
    } else files.push(a);
  }
  if (files.length === 0) throw new UsageError('no test files given');

  let passed = 0;
  let failed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.stdout(`${file}: cannot read: ${(e as Error).message}\n`);
      failed++;
      continue;
    }
    for (const { failures } of runChunkedFile(file, text, mode)) {
      if (failures.length === 0) {
        passed++;
        continue;
      }
      failed++;
      for (const f of failures) io.stdout(`${f.replaceAll('\n', '\n    ')}\n`);
    }
  }
  io.stdout(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
