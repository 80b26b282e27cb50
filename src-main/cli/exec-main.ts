import { directIO, run } from './exec';
import { UsageError } from './io';

/**
 * `starling exec` without the rest of the CLI: the entry of out/cli/exec.cjs, which
 * bin/starling.js runs as a classic script from a V8 code cache. A Starlark program's whole run
 * is often shorter than Node's own start-up, so exec's path to the first statement is kept to
 * this one file: no ES module loader, no stream objects, no parsing of the engine's code.
 *
 * Returns undefined for a command line that is wrong: the full CLI then reports it with the usage.
 */
export async function runExec(args: string[]): Promise<number | undefined> {
  try {
    return await run(args, directIO);
  } catch (e) {
    if (e instanceof UsageError) return undefined;
    throw e;
  }
}
