// The test cluster's binaries: built once from the Go module beside this file and cached outside
// the clone under ${STARLING_CACHE:-~/.cache/starling}/test-cluster/<k8s version>-<source hash>/.
// Concurrent callers (parallel test runs, several worktrees) share one build through a lock
// directory; a build that died leaves a lock whose owner is gone, which the next caller takes over.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './processes';

export const clusterModuleDir = import.meta.dirname;

export interface ClusterBinaries {
  /** The folder holding every binary below. */
  readonly dir: string;
  /** The Kubernetes release the binaries are built from, e.g. "v1.37.2". */
  readonly kubernetesVersion: string;
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubectl: string;
  readonly supervisor: string;
}

/** The servers and kubectl, each built into a binary named after its package's last element. */
const serverPackages = [
  'k8s.io/kubernetes/cmd/kube-apiserver',
  'k8s.io/kubernetes/cmd/kube-controller-manager',
  'k8s.io/kubernetes/cmd/kubectl',
  './cmd/etcd',
];
const supervisorPackage = './cmd/test-cluster-supervisor';

/** The k8s.io/kubernetes version that go.mod requires. */
export function kubernetesVersion(): string {
  const goMod = readFileSync(join(clusterModuleDir, 'go.mod'), 'utf8');
  const match = /^\s*k8s\.io\/kubernetes (v\d+\.\d+\.\d+)\b/m.exec(goMod);
  if (!match?.[1]) throw new Error(`${clusterModuleDir}/go.mod: no k8s.io/kubernetes requirement`);
  return match[1];
}

/** A short hash of files (paths relative to this folder). */
function hashOf(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(clusterModuleDir, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

function goSources(dir: string): string[] {
  return readdirSync(join(clusterModuleDir, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.go'))
    .map((entry) => relative(clusterModuleDir, join(entry.parentPath, entry.name)));
}

export function cacheRoot(): string {
  return process.env['STARLING_CACHE'] || join(homedir(), '.cache', 'starling');
}

/**
 * Where the servers and kubectl for the current go.mod and go.sum live, built or not. The
 * supervisor — quick to build, and the part that changes — lives in a subfolder keyed by its
 * own sources, so changing it never rebuilds Kubernetes.
 */
export function binariesDir(): string {
  const key = hashOf(['go.mod', 'go.sum', ...goSources('cmd/etcd')]);
  return join(cacheRoot(), 'test-cluster', `${kubernetesVersion()}-${key}`);
}

function supervisorDir(serversDir: string): string {
  const key = hashOf(['go.mod', ...goSources('cmd/test-cluster-supervisor')]);
  return join(serversDir, `supervisor-${key}`);
}

function binariesIn(dir: string, version: string): ClusterBinaries {
  return {
    dir,
    kubernetesVersion: version,
    etcd: join(dir, 'etcd'),
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubectl: join(dir, 'kubectl'),
    supervisor: join(supervisorDir(dir), 'test-cluster-supervisor'),
  };
}

export interface BuildOptions {
  /** Progress messages (the build itself writes only errors, to standard error). */
  log?: (message: string) => void;
}

/** Returns the cached binaries, building them first if they are missing. */
export async function ensureBinaries(options: BuildOptions = {}): Promise<ClusterBinaries> {
  const log = options.log ?? (() => {});
  const version = kubernetesVersion();
  const dir = binariesDir();
  await ensureBuilt(dir, log, async (into) => {
    log(
      `building the test cluster (Kubernetes ${version}) into ${dir}; ` +
        'the first build takes many minutes (see tests/cluster/README.md)',
    );
    const seconds = await goBuild(into, serverPackages, versionStamps(version));
    log(`built the test cluster in ${seconds}s`);
  });
  await ensureBuilt(supervisorDir(dir), log, (into) => goBuild(into, [supervisorPackage], []));
  return binariesIn(dir, version);
}

/**
 * Runs build into a fresh folder and renames it to dir when it succeeds, unless dir is complete
 * already (it has build.json). One process builds; the others wait for it.
 */
async function ensureBuilt(
  dir: string,
  log: (message: string) => void,
  build: (into: string) => Promise<unknown>,
): Promise<void> {
  const lock = `${dir}.lock`;
  let waiting = false;
  while (!existsSync(join(dir, 'build.json'))) {
    if (takeLock(lock)) {
      try {
        if (existsSync(join(dir, 'build.json'))) break;
        const partial = `${dir}.partial-${process.pid}`;
        rmSync(partial, { recursive: true, force: true });
        mkdirSync(partial, { recursive: true });
        const started = Date.now();
        await build(partial);
        const record = {
          kubernetesVersion: kubernetesVersion(),
          seconds: Math.round((Date.now() - started) / 1000),
          builtAt: new Date().toISOString(),
        };
        writeFileSync(join(partial, 'build.json'), JSON.stringify(record, null, 2) + '\n');
        // The supervisor's folder lives inside the servers' folder: keep what is there.
        for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
          if (entry.startsWith('supervisor-')) renameSync(join(dir, entry), join(partial, entry));
        }
        rmSync(dir, { recursive: true, force: true });
        renameSync(partial, dir);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      if (!waiting) log(`waiting for another process to finish building ${dir}`);
      waiting = true;
      await sleep(2000);
    }
  }
}

/** mkdir is atomic: whoever creates the lock directory builds. A dead owner's lock is taken over. */
function takeLock(lock: string): boolean {
  mkdirSync(join(lock, '..'), { recursive: true });
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readOwner(lock));
    if (owner && isAlive(owner)) return false;
    // An owner that has just created the lock may not have written its pid yet.
    if (!owner && Date.now() - lockCreated(lock) < 10_000) return false;
    rmSync(lock, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function readOwner(lock: string): string {
  try {
    return readFileSync(join(lock, 'pid'), 'utf8');
  } catch {
    return '';
  }
}

function lockCreated(lock: string): number {
  try {
    return statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/** What Kubernetes' own release build stamps in, so `kubectl version` and /version are right. */
function versionStamps(version: string): string[] {
  const [major, minor] = version.slice(1).split('.');
  const stamps = {
    gitVersion: version,
    gitMajor: major,
    gitMinor: minor,
    gitTreeState: 'clean',
    buildDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  return Object.entries(stamps).flatMap(([key, value]) =>
    ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version'].map(
      (pkg) => `-X ${pkg}.${key}=${value}`,
    ),
  );
}

/** go build, niced, into the folder `into`; resolves to the seconds it took. */
async function goBuild(into: string, packages: string[], ldflags: string[]): Promise<number> {
  const started = Date.now();
  const args = ['-n', '10', 'go', 'build', '-buildvcs=false'];
  args.push('-ldflags', ['-s', '-w', ...ldflags].join(' '), '-o', into + '/', ...packages);
  await run('nice', args, { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' });
  return Math.round((Date.now() - started) / 1000);
}

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: clusterModuleDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (error) =>
      reject(new Error(`${command} ${args.join(' ')}: ${error.message} (is Go installed?)`)),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`go build in ${clusterModuleDir} failed (${signal ?? `exit ${code}`})`));
    });
  });
}
