import { readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StarlarkRunError } from '../host/errors';
import { StarlarkHost } from '../host/host';
import { decodeUtf8, optionsFromNames, type FileOptions, type Value } from '../starlark/index';
import { json } from '../starlark/lib/json';
import { math } from '../starlark/lib/math';
import { module, struct } from '../starlark/lib/struct';
import { time } from '../starlark/lib/time';
import { processIO, UsageError, type CliIO } from './io';

/**
 * `starling exec [--option NAME]... [--max-steps N] [--timeout SECONDS] FILE.star`: runs a
 * Starlark file. print() goes to stdout (the raw bytes of the message), an error to stderr (a
 * backtrace for a runtime error, `file:line:col: message` for each static error) with exit
 * status 1. json, math, time, struct and module are predeclared; load() reads files relative to
 * the loading file, each once. The file runs as a thread of the Starlark host (src-main/host), in a
 * worker: --max-steps and --timeout are the host's limits.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseExecArgs(args);
  const out = new OutputBuffer(io);
  try {
    return await runFile(parsed, out, io);
  } finally {
    out.flush();
  }
}

export interface ExecArgs {
  file: string;
  options: FileOptions;
  /** The dialect options as named on the command line. */
  optionNames: string[];
  maxSteps: number | undefined;
  timeoutSeconds: number | undefined;
}

export function parseExecArgs(args: string[]): ExecArgs {
  const names: string[] = [];
  let maxSteps: number | undefined;
  let timeoutSeconds: number | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? (arg.split(/=(.*)/s, 2) as [string, string])
        : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--option':
        names.push(value());
        break;
      case '--max-steps': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) {
          throw new UsageError(`--max-steps must be a positive whole number, not "${v}"`);
        }
        maxSteps = Number(v);
        break;
      }
      case '--timeout': {
        const v = value();
        const n = Number(v);
        if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) {
          throw new UsageError(`--timeout must be a positive number of seconds, not "${v}"`);
        }
        timeoutSeconds = n;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown flag ${arg}`);
        if (file !== undefined) throw new UsageError('want exactly one FILE.star');
        file = arg;
    }
  }
  if (file === undefined) throw new UsageError('no FILE.star given');
  let options: FileOptions;
  try {
    options = optionsFromNames(names);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { file, options, optionNames: names, maxSteps, timeoutSeconds };
}

async function runFile(args: ExecArgs, out: OutputBuffer, io: CliIO): Promise<number> {
  let source: string;
  try {
    source = readSource(args.file);
  } catch (e) {
    io.stderr(`starling exec: ${(e as Error).message}\n`);
    return 1;
  }
  const host = new StarlarkHost({ maxWorkers: 1 });
  try {
    await host.run({
      name: `exec ${args.file}`,
      main: { path: args.file, source },
      // Files relative to the loading file; the host runs each once.
      load: (module, from) => {
        const path = join(dirname(from), module);
        return { path, source: readSource(path) };
      },
      dialect: args.optionNames,
      limits: {
        maxSteps: args.maxSteps,
        timeoutMs: args.timeoutSeconds !== undefined ? args.timeoutSeconds * 1000 : undefined,
      },
      printBytes: (data) => out.write(data + '\n'),
    });
  } catch (e) {
    if (!(e instanceof StarlarkRunError)) throw e;
    out.flush();
    io.stderr(e.backtrace() + '\n');
    return 1;
  } finally {
    await host.dispose();
  }
  return 0;
}

/** The names `starling exec` predeclares: json, math, time, struct, module. */
export function execPredeclared(): Map<string, Value> {
  return new Map<string, Value>([
    ['json', json],
    ['math', math],
    ['time', time],
    ['struct', struct],
    ['module', module],
  ]);
}

const fsReasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

/** A source file's text; a failure reads as Go's ("open x.star: no such file or directory"). */
function readSource(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    throw new Error(`open ${path}: ${fsReasons[code] ?? (e as Error).message}`);
  }
}

/**
 * print() output: Starlark byte strings, written as raw bytes to the process's stdout (text to
 * any other CliIO), in 64 KiB chunks.
 */
class OutputBuffer {
  private chunks: string[] = [];
  private size = 0;
  constructor(private readonly io: CliIO) {}
  write(s: string): void {
    this.chunks.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    const data = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (this.io === processIO) process.stdout.write(Buffer.from(data, 'latin1'));
    else if (this.io === directIO) writeAll(1, Buffer.from(data, 'latin1'));
    else this.io.stdout(decodeUtf8(data));
  }
}

/**
 * The process's stdout and stderr written directly with fs.writeSync, for exec's short cut
 * (exec-main.ts): a short program should not pay for building Node's stream objects.
 */
export const directIO: CliIO = {
  stdout: (text) => writeAll(1, Buffer.from(text)),
  stderr: (text) => writeAll(2, Buffer.from(text)),
};

/** Writes all of data to fd, waiting (1 ms at a time) while a non-blocking pipe is full. */
function writeAll(fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    try {
      done += writeSync(fd, data, done, data.length - done);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
const pause = new Int32Array(new SharedArrayBuffer(4));
