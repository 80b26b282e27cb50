import { directIO, parseExecArgs, run } from './exec';
import { UsageError } from './io';

/**
 * `starling exec` without the rest of the CLI: the entry of out/cli/exec.cjs, which
 * bin/starling.js runs as a classic script from a V8 code cache. A Starlark program's whole run
 * is often shorter than Node's own start-up, so exec's path to the first statement is kept to
 * this one file: no ES module loader, no stream objects, no parsing of the engine's code.
 *
 * Returns undefined for what it leaves to the full CLI: a command line that is wrong (reported
 * with the usage), and runs with --max-steps or --timeout (run on the Starlark host's workers,
 * exec-host.ts, which this bundle leaves out).
 */
export async function runExec(args: string[]): Promise<number | undefined> {
  try {
    const parsed = parseExecArgs(args);
    if (parsed.maxSteps !== undefined || parsed.timeoutSeconds !== undefined) return undefined;
    return await run(args, directIO);
  } catch (e) {
    if (e instanceof UsageError) return undefined;
    throw e;
  }
}
