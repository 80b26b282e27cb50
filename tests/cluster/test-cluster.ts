// Starting and stopping a test cluster. The Go supervisor (cmd/test-cluster-supervisor) owns the
// server processes; this side builds the binaries, starts the supervisor, waits for its "ready"
// line, and stops it. See README.md for the lifecycle and the guarantees about stray processes.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureBinaries } from './binaries';
import {
  commandLine,
  isAlive,
  killProcessesMentioning,
  processesMentioning,
  waitForExit,
} from './processes';

/** Everything a client needs to reach a running test cluster. */
export interface TestClusterConnection {
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** A self-contained kubeconfig whose current context is `context`. */
  readonly kubeconfig: string;
  /** Always "starling-test". */
  readonly context: string;
  /** The static bearer token (a cluster admin: group system:masters). */
  readonly token: string;
  /** The CA that signed the server's certificate. */
  readonly caFile: string;
  /** The supervisor's Unix socket (see restartApiServer). */
  readonly controlSocket: string;
  /** Certificates, etcd data and one log per server (etcd.log, kube-apiserver.log, ...). */
  readonly stateDir: string;
  readonly supervisorPid: number;
  /** kubectl built from the same Kubernetes release. */
  readonly kubectl: string;
  /** e.g. "v1.37.2" */
  readonly kubernetesVersion: string;
}

export interface StartOptions {
  /**
   * Where the cluster keeps its state. A cluster still running there is stopped first and the
   * folder emptied. Default: a new temporary folder, removed by stop().
   */
  stateDir?: string;
  /**
   * Keep the cluster running after this process exits (the CLI's `start`). By default the
   * cluster stops when this process exits, however it exits: the supervisor stops the servers
   * when its standard input — a pipe from this process — closes.
   */
  detach?: boolean;
  /** Progress messages. */
  log?: (message: string) => void;
}

const supervisorLog = 'supervisor.log';
const connectionFile = 'connection.json';

export class TestCluster {
  private stopped = false;

  private constructor(
    readonly connection: TestClusterConnection,
    private readonly supervisor: ChildProcess,
  ) {}

  /** Builds the binaries if needed, starts a cluster and resolves once it is ready. */
  static async start(options: StartOptions = {}): Promise<TestCluster> {
    const binaries = await ensureBinaries({ log: options.log });
    let stateDir = options.stateDir;
    const args: string[] = [];
    if (stateDir) {
      await stopTestCluster(stateDir);
      mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    } else {
      stateDir = mkdtempSync(join(tmpdir(), 'starling-test-cluster-'));
      // Its own temporary folder (etcd preallocates ~100 MB) goes with it, however it stops.
      args.push('-remove-state-dir');
    }
    options.log?.(`starting the test cluster in ${stateDir}`);
    args.push('-state-dir', stateDir, '-bin-dir', binaries.dir);
    if (!options.detach) args.push('-exit-with-stdin');
    const logFd = openSync(join(stateDir, supervisorLog), 'a', 0o600);
    const supervisor = spawn(binaries.supervisor, args, {
      detached: options.detach ?? false,
      stdio: [options.detach ? 'ignore' : 'pipe', 'pipe', logFd],
    });
    closeSync(logFd);
    let ready: Omit<TestClusterConnection, 'kubectl' | 'kubernetesVersion'>;
    try {
      ready = await readyLine(supervisor, stateDir);
    } catch (error) {
      supervisor.kill('SIGKILL');
      await killProcessesMentioning(stateDir);
      throw error;
    }
    // Neither the pipes nor the child keep this process alive; its exit stops the cluster.
    supervisor.stdout?.destroy();
    supervisor.unref();
    if (options.detach) supervisor.stdin?.destroy();
    else (supervisor.stdin as unknown as { unref(): void } | null)?.unref();
    const connection = {
      ...ready,
      kubectl: binaries.kubectl,
      kubernetesVersion: binaries.kubernetesVersion,
    };
    // The full connection, for `npm run test-cluster -- status` and other processes.
    writeFileSync(join(stateDir, connectionFile), JSON.stringify(connection, null, 2) + '\n', {
      mode: 0o600,
    });
    options.log?.(`the test cluster is ready at ${connection.server}`);
    return new TestCluster(connection, supervisor);
  }

  /** Restarts kube-apiserver on the same port; etcd keeps every object. */
  restartApiServer(): Promise<void> {
    return restartApiServer(this.connection);
  }

  /** Stops every server, waits until they are gone and removes the state folder. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.supervisor.stdin?.end();
    await stopTestCluster(this.connection.stateDir);
  }

  dispose(): Promise<void> {
    return this.stop();
  }
}

/** Reads the supervisor's one line of output: the connection as JSON, or a failure. */
function readyLine(
  supervisor: ChildProcess,
  stateDir: string,
): Promise<Omit<TestClusterConnection, 'kubectl' | 'kubernetesVersion'>> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: supervisor.stdout! });
    const fail = (why: string) => {
      lines.close();
      reject(new Error(`the test cluster did not start: ${why}\n${failureReport(stateDir)}`));
    };
    lines.once('line', (line) => {
      lines.close();
      try {
        resolve(JSON.parse(line));
      } catch {
        fail(`unexpected output from the supervisor: ${line}`);
      }
    });
    supervisor.once('error', (error) => fail(error.message));
    supervisor.once('exit', (code, signal) => fail(`the supervisor exited (${signal ?? code})`));
  });
}

/** The end of the supervisor's log and where to look further. */
function failureReport(stateDir: string): string {
  let log = '';
  try {
    log = readFileSync(join(stateDir, supervisorLog), 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    log = '(no supervisor log)';
  }
  return `${log}\nLogs of etcd, kube-apiserver and kube-controller-manager: ${stateDir}/*.log`;
}

/**
 * Stops the test cluster whose state is in stateDir — whether this process started it or not,
 * whether it is healthy or left over from a crash — and removes the folder. Resolves to whether
 * anything was running.
 */
export async function stopTestCluster(stateDir: string): Promise<boolean> {
  let wasRunning = false;
  const pid = supervisorPid(stateDir);
  if (pid && isAlive(pid) && commandLine(pid)?.includes(stateDir)) {
    wasRunning = true;
    process.kill(pid, 'SIGTERM');
    // The supervisor gives each server 10 s to exit after SIGTERM.
    if (!(await waitForExit(pid, 40_000))) process.kill(pid, 'SIGKILL');
  }
  // Whatever the supervisor left (it was SIGKILLed, or died before its children were told).
  if ((await killProcessesMentioning(stateDir)).length > 0) wasRunning = true;
  rmSync(stateDir, { recursive: true, force: true });
  return wasRunning;
}

function supervisorPid(stateDir: string): number | undefined {
  try {
    return Number(readFileSync(join(stateDir, 'supervisor.pid'), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

/** The connection of the healthy cluster running in stateDir, if there is one. */
export function runningCluster(stateDir: string): TestClusterConnection | undefined {
  const pid = supervisorPid(stateDir);
  if (!pid || !isAlive(pid) || !commandLine(pid)?.includes(stateDir)) return undefined;
  try {
    return JSON.parse(readFileSync(join(stateDir, connectionFile), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The processes that belong to the cluster in stateDir. */
export function clusterProcesses(stateDir: string) {
  return processesMentioning(stateDir);
}

/**
 * Restarts the kube-apiserver of a running cluster on the same port, from any process, and
 * resolves once it answers /readyz again. etcd and kube-controller-manager keep running, so no
 * object is lost; clients see refused connections while it is down (a few seconds).
 */
export function restartApiServer(connection: Pick<TestClusterConnection, 'controlSocket'>) {
  return new Promise<void>((resolve, reject) => {
    const req = request(
      { socketPath: connection.controlSocket, path: '/restart-apiserver', method: 'POST' },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode === 200) resolve();
          else reject(new Error(`restarting kube-apiserver failed: ${body.trim()}`));
        });
      },
    );
    req.on('error', (error) =>
      reject(new Error(`the test cluster's supervisor is not reachable: ${error.message}`)),
    );
    req.end();
  });
}
