import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalClusterForApp, type AppLocalCluster } from '../app/local-cluster';
import { packageRoot, webDataDir } from '../app/paths';
import { WebServer } from '../app/web-server';
import { Workbench } from '../app/workbench';
import { UsageError, untilStopped, type CliIO } from './io';

export interface WebArgs {
  port: number;
  local: boolean;
}

export function parseWebArgs(args: string[]): WebArgs {
  const parsed: WebArgs = { port: 0, local: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s, 2) as [string, string])
      : [arg, undefined];
    switch (flag) {
      case '--port': {
        const v = inline ?? args[++i];
        if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) {
          throw new UsageError(`--port must be a number from 0 to 65535, not "${v ?? ''}"`);
        }
        parsed.port = Number(v);
        break;
      }
      case '--no-local':
        parsed.local = false;
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return parsed;
}

/** A running `starling web`: what tests and the CLI hold on to. */
export interface RunningWeb {
  url: string;
  server: WebServer;
  workbench: Workbench;
  local: AppLocalCluster | undefined;
  close(): Promise<void>;
}

/** Starts the workbench in web mode: local cluster (unless told not to), API, renderer. */
export interface StartWebOptions extends WebArgs {
  /** Settings folder; default $STARLING_HOME or ~/.config/starling. */
  dataDir?: string;
  /** The local cluster's data; default the user's application data folder. */
  localDataDir?: string;
  rendererDir?: string;
  kubeconfigPaths?: string[];
}

export async function startWeb(options: StartWebOptions): Promise<RunningWeb> {
  const root = packageRoot();
  const rendererDir = options.rendererDir ?? join(root, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new UsageError(
      `the workbench is not built (${rendererDir} has no index.html); run \`npm run build\``,
    );
  }
  const dataDir = options.dataDir ?? webDataDir();
  const version = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const local = options.local
    ? await startLocalClusterForApp(options.localDataDir ? { dataDir: options.localDataDir } : {})
    : undefined;
  const workbench = await Workbench.create({
    mode: 'web',
    version,
    settingsFile: join(dataDir, 'settings.json'),
    ...(local ? { local: local.access } : {}),
    ...(options.kubeconfigPaths ? { kubeconfigPaths: options.kubeconfigPaths } : {}),
  });
  let server: WebServer;
  try {
    server = await WebServer.start({ router: workbench.router, rendererDir, port: options.port });
  } catch (err) {
    workbench.dispose();
    await local?.close();
    throw err;
  }
  return {
    url: server.url,
    server,
    workbench,
    local,
    async close() {
      await server.close();
      workbench.dispose();
      await local?.close();
    },
  };
}

/** `starling web [--port N] [--no-local]`: serves until SIGINT or SIGTERM. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const options = parseWebArgs(args);
  let web: RunningWeb;
  try {
    web = await startWeb(options);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      io.stderr(
        `starling web: port ${options.port} is in use; choose another with --port, or leave it out for any free one\n`,
      );
      return 1;
    }
    io.stderr(`starling web: ${(err as Error).message}\n`);
    return 1;
  }
  io.stdout(`Starling workbench: ${web.url}\n`);
  io.stdout(
    web.local ? `Local cluster: ${web.local.access.url}\n` : 'Local cluster: not started\n',
  );
  io.stdout('Open the address above in a browser; it carries the access token. Ctrl-C stops.\n');
  await untilStopped();
  await web.close();
  return 0;
}
