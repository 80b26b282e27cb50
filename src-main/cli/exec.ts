import { writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readStarlarkFile } from '../host/files';
import {
  EvalError,
  StarlarkSyntaxError,
  StaticErrors,
  Thread,
  compileFile,
  decodeUtf8,
  optionsFromNames,
  type FileOptions,
  type Value,
  json,
  math,
  module,
  struct,
  time,
} from '../starlark/index';
import { processIO, UsageError, type CliIO } from './io';

/**
 * `starling exec [--option NAME]... [--max-steps N] [--timeout SECONDS] FILE.star`: runs a
 * Starlark file. print() goes to stdout (the raw bytes of the message), an error to stderr (a
 * backtrace for a runtime error, `file:line:col: message` for each static error) with exit
 * status 1. json, math, time, struct and module are predeclared; load() reads files relative to
 * the loading file, each once.
 *
 * With --max-steps or --timeout the file runs as a thread of the Starlark host (src-main/host), in
 * a worker the host stops within the limit even inside one long builtin, as reconciles are run.
 * Without limits it runs right here, on the main thread: nothing can need stopping from outside,
 * and a short program does not pay for starting a worker (the output is the same).
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseExecArgs(args);
  const out = new OutputBuffer(io);
  try {
    const limited = parsed.maxSteps !== undefined || parsed.timeoutSeconds !== undefined;
    if (!limited) return runFile(parsed, out, io);
    // Loaded only here: worker threads are no part of an unlimited run's start-up.
    const { runOnHost } = await import('./exec-host');
    return await runOnHost(parsed, out, io);
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

function runFile(args: ExecArgs, out: OutputBuffer, io: CliIO): number {
  const predeclared = execPredeclared();
  const loader = new FileLoader(args.options, predeclared);
  const thread = new Thread();
  thread.name = `exec ${args.file}`;
  thread.print = (_t, msg) => out.write(msg + '\n');
  thread.load = loader.load;
  let source: string;
  try {
    source = readStarlarkFile(args.file);
  } catch (e) {
    io.stderr(`starling exec: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const program = compileFile(args.file, source, predeclared, { fileOptions: args.options });
    const { error } = program.run(thread);
    if (error) throw error;
  } catch (e) {
    out.flush();
    io.stderr(errorText(e) + '\n');
    return 1;
  }
  return 0;
}

/** What exec prints for an error: the backtrace, or each static error on a line. */
export function errorText(e: unknown): string {
  if (e instanceof EvalError) return e.backtrace();
  if (e instanceof StaticErrors || e instanceof StarlarkSyntaxError) return e.message;
  throw e;
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

/** load() for exec: files relative to the loading file, each executed once, in its own thread. */
class FileLoader {
  private readonly cache = new Map<
    string,
    { globals?: ReadonlyMap<string, Value>; error?: unknown }
  >();

  constructor(
    private readonly options: FileOptions,
    private readonly predeclared: ReadonlyMap<string, Value>,
  ) {}

  readonly load = (thread: Thread, module: string): ReadonlyMap<string, Value> => {
    const from = thread.callFrame(0)?.pos.file ?? '.';
    const path = join(dirname(from), module);
    const entry = this.cache.get(path);
    if (entry !== undefined) {
      if (entry.globals === undefined && entry.error === undefined) {
        throw new Error('cycle in load graph');
      }
      if (entry.error !== undefined) throw entry.error;
      return entry.globals!;
    }
    const pending: { globals?: ReadonlyMap<string, Value>; error?: unknown } = {};
    this.cache.set(path, pending);
    const child = new Thread();
    child.name = `load ${module}`;
    child.print = thread.print;
    child.load = thread.load;
    try {
      const source = readStarlarkFile(path);
      const { globals, error } = compileFile(path, source, this.predeclared, {
        fileOptions: this.options,
      }).run(child);
      if (error) throw error;
      pending.globals = globals;
      return globals;
    } catch (e) {
      pending.error = e;
      throw e;
    }
  };
}

/**
 * print() output: Starlark byte strings, written as raw bytes to the process's stdout (text to
 * any other CliIO), in 64 KiB chunks.
 */
export class OutputBuffer {
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
