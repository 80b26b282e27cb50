import { resolve } from 'node:path';
import {
  defaultContextName,
  defaultDataDir,
  defaultKubeconfigPath,
  startLocalCluster,
} from '../cluster/local/index';
import { StorageLockedError } from '../cluster/local/storage/revision-log';
import { UsageError, untilStopped, type CliIO } from './io';

interface LocalArgs {
  port: number;
  dataDir: string;
  kubeconfig: string;
}

export function parseLocalArgs(args: string[]): LocalArgs {
  const parsed: LocalArgs = {
    port: 0,
    dataDir: defaultDataDir(),
    kubeconfig: defaultKubeconfigPath(),
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s, 2) as [string, string])
      : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const v = value();
        const port = Number(v);
        if (!/^\d+$/.test(v) || port > 65535)
          throw new UsageError(`--port must be a number from 0 to 65535, not "${v}"`);
        parsed.port = port;
        break;
      }
      case '--data':
        parsed.dataDir = resolve(value());
        break;
      case '--kubeconfig':
        parsed.kubeconfig = resolve(value());
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return parsed;
}

/**
 * `starling local`: runs the local cluster until SIGINT or SIGTERM, after writing its context to
 * the kubeconfig. Prints the URL and how to use it.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const options = parseLocalArgs(args);
  let running;
  try {
    running = await startLocalCluster({
      dataDir: options.dataDir,
      port: options.port,
      kubeconfigPath: options.kubeconfig,
      contextName: defaultContextName,
    });
  } catch (err) {
    if (err instanceof StorageLockedError) {
      io.stderr(`starling local: ${err.message}\n`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      io.stderr(
        `starling local: port ${options.port} is in use; choose another with --port, or --port 0 for any free one\n`,
      );
      return 1;
    }
    if (err instanceof Error) {
      io.stderr(`starling local: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  io.stdout(
    [
      `Starling local cluster serving at ${running.url}`,
      `data: ${options.dataDir}`,
      `kubeconfig: ${options.kubeconfig} (context ${running.contextName})`,
      `try: kubectl --kubeconfig ${options.kubeconfig} --context ${running.contextName} get namespaces`,
      '',
    ].join('\n'),
  );
  await untilStopped();
  await running.close();
  io.stdout('Starling local cluster stopped\n');
  return 0;
}
