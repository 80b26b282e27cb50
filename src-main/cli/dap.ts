import { DapFraming, DapServer, type DapMessage } from '../host/debug/dap';
import { fileLauncher } from '../host/debug/launch';
import { DebugSession } from '../host/debug/session';
import { readStarlarkFile } from '../host/files';
import { StarlarkHost } from '../host/host';
import type { LaunchContext, LaunchedProgram } from '../host/debug/dap';
import type { ReconcileHost } from '../reconciler/runtime/reconcile-host';
import { UsageError, type CliIO } from './io';

/**
 * `starling dap`: a Debug Adapter Protocol server on stdin/stdout (Content-Length framing) that
 * launches `{ "program": "<path to .star>" }` on the Starlark host and debugs it, or step-runs
 * one reconcile of one live object: `{ "project", "reconciler", "namespace", "name", … }`
 * (reconciler/runtime/debug-launch.ts), ending with its planned changes as a `starling.dryRun`
 * output event. Nothing else is written to stdout; diagnostics go to stderr. Exits after
 * `disconnect` or when stdin closes.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  if (args.length > 0) throw new UsageError(`starling dap takes no arguments, not ${args[0]}`);
  const host = new StarlarkHost({ maxWorkers: 2, minWorkers: 0 });
  let reconcileHost: ReconcileHost | undefined;
  const session = new DebugSession({
    readSource: (file) => {
      try {
        return readStarlarkFile(file);
      } catch {
        return undefined; // verified when a thread loads it
      }
    },
  });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const write = (message: DapMessage) => process.stdout.write(DapFraming.encode(message));
  const server = new DapServer(session, write, {
    launch: (args, context) => {
      // A step-run names a reconciler; anything else is a .star program.
      if (args.reconciler === undefined) return fileLauncher(host, session)(args, context);
      return launchStepRun(args, context);
    },
    onDisconnect: finish,
  });
  /** The reconciler (and the cluster client) load only for a step-run. */
  const launchStepRun = (
    args: Readonly<Record<string, unknown>>,
    context: LaunchContext,
  ): LaunchedProgram => {
    const loaded = Promise.all([
      import('../reconciler/runtime/debug-launch'),
      import('../reconciler/runtime/reconcile-host'),
    ]).then(([{ stepRunLauncher }, { ReconcileHost }]) => {
      reconcileHost ??= new ReconcileHost({ workers: 1 });
      return stepRunLauncher(session, reconcileHost)(args, context);
    });
    return {
      exited: loaded.then(
        (program) => program.exited,
        (e: unknown) => {
          context.output({ category: 'stderr', output: `${(e as Error).message}\n` });
          return 1;
        },
      ),
      stop: (reason) =>
        void loaded.then(
          (program) => program.stop(reason),
          () => undefined,
        ),
    };
  };
  const framing = new DapFraming(
    (m) => server.receive(m),
    (e) => io.stderr(`starling dap: ${e.message}\n`),
  );
  const onData = (chunk: Buffer) => framing.push(chunk);
  process.stdin.on('data', onData);
  process.stdin.once('end', finish);
  try {
    await finished;
  } finally {
    process.stdin.off('data', onData);
    process.stdin.pause();
    server.dispose();
    await host.dispose();
    await reconcileHost?.dispose();
    await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  }
  return 0;
}
