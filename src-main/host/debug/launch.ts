/**
 * `launch` of a .star file for the DAP server: the file runs on the host as a thread of the
 * session, load() reading files relative to the loading file.
 *
 * Launch arguments: `program` (the file; required), `options` (dialect option names, as
 * `starling exec --option`), `maxSteps`, `timeout` (seconds), `stopOnEntry` (the server's).
 */
import { readStarlarkFile, loadRelative } from '../files';
import type { StarlarkHost } from '../host';
import type { Launcher } from './dap';
import type { DebugSession } from './session';

export function fileLauncher(host: StarlarkHost, session: DebugSession): Launcher {
  return (args) => {
    const program = args.program;
    if (typeof program !== 'string' || program === '') {
      throw new Error('launch needs "program": the path of a .star file');
    }
    const options = Array.isArray(args.options) ? args.options.map(String) : [];
    const source = readStarlarkFile(program);
    const handle = host.start({
      main: { path: program, source },
      load: loadRelative,
      dialect: options,
      limits: {
        maxSteps: typeof args.maxSteps === 'number' ? args.maxSteps : undefined,
        timeoutMs: typeof args.timeout === 'number' ? args.timeout * 1000 : undefined,
      },
      debug: session,
    });
    return {
      exited: handle.done.then(
        () => 0,
        () => 1, // the session reported the error with the thread's exit
      ),
      stop: (reason) => handle.cancel(reason),
    };
  };
}
