import { StarlarkRunError } from '../host/errors';
import { loadRelative, readStarlarkFile } from '../host/files';
import { StarlarkHost } from '../host/host';
import type { ExecArgs, OutputBuffer } from './exec';
import type { CliIO } from './io';

// `starling exec` with --max-steps or --timeout: the file runs as a thread of the Starlark host.
// A module of its own, loaded only then, so an unlimited run never loads worker threads.

/** Runs the file on the host, in a worker, with the limits given. */
export async function runOnHost(args: ExecArgs, out: OutputBuffer, io: CliIO): Promise<number> {
  let source: string;
  try {
    source = readStarlarkFile(args.file);
  } catch (e) {
    io.stderr(`starling exec: ${(e as Error).message}\n`);
    return 1;
  }
  const host = new StarlarkHost({ maxWorkers: 1 });
  try {
    await host.run({
      name: `exec ${args.file}`,
      main: { path: args.file, source },
      load: loadRelative, // the host runs each file once
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
