/**
 * What the command's tests share: running `starling` in this process with its output captured,
 * and a temporary folder per test file. Tests only; no command imports it.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import type { CliIO } from './io';
import { main } from './starling';

/** A CliIO that keeps what a command prints in `out` and `err`. */
export function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

/** What one `starling` command line printed and the status it exited with. */
export interface CliRun {
  status: number;
  out: string;
  err: string;
}

/** Runs `starling <args>` as the binary would, but in this process, capturing its output. */
export async function runCli(args: string[]): Promise<CliRun> {
  const io = capture();
  const status = await main(args, io);
  return { status, out: io.out, err: io.err };
}

/**
 * A temporary folder for the calling test file, removed after its tests. `write` puts a file in
 * it (creating its folders) and returns the file's path.
 */
export function scratchFolder(prefix: string): {
  dir: string;
  write: (name: string, text: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), `starling-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  return { dir, write };
}
