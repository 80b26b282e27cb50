// Acceptance: starting and stopping test clusters leaves no process behind — when stopped through
// the npm script, when the process that started one is killed with SIGKILL, and when the
// supervisor itself is killed. Each test starts a cluster of its own in its own folder.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { processesMentioning } from './processes';
import { restartApiServer, type TestClusterConnection } from './test-cluster';

const root = resolve(import.meta.dirname, '../..');
const servers = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'test-cluster-supervisor'];

let stateDir = '';
afterEach(async () => {
  // Whatever a failed test left running is ended, so it cannot disturb the next one.
  if (stateDir) {
    for (const { pid } of processesMentioning(stateDir)) process.kill(pid, 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  }
  stateDir = '';
});

function newStateDir(): string {
  stateDir = mkdtempSync(join(tmpdir(), 'starling-lifecycle-'));
  return stateDir;
}

/** The names of the cluster's running server binaries, sorted. */
function runningServers(dir: string): string[] {
  return processesMentioning(dir)
    .map((p) => basename(p.command.split(' ')[0] ?? ''))
    .filter((name) => servers.includes(name))
    .sort();
}

async function waitUntilNoneRunning(dir: string): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  while (runningServers(dir).length > 0 && Date.now() < deadline) await sleep(100);
  return runningServers(dir);
}

function portIsClosed(server: string): Promise<boolean> {
  const url = new URL(server);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const run = promisify(execFile);

function testClusterScript(command: string, dir: string) {
  return run('npm', ['run', '--silent', 'test-cluster', '--', command], {
    cwd: root,
    env: { ...process.env, STARLING_TEST_CLUSTER_DIR: dir },
  });
}

function kubectl(connection: Pick<TestClusterConnection, 'kubectl'>, kubeconfig: string) {
  return (...args: string[]) => run(connection.kubectl, ['--kubeconfig', kubeconfig, ...args]);
}

describe('test cluster lifecycle', () => {
  it('starts and stops through `npm run test-cluster`, with kubectl of the same release', async () => {
    const dir = newStateDir();
    const started = await testClusterScript('start', dir);
    const kubeconfig = /^KUBECONFIG=(.+)$/m.exec(started.stdout)?.[1];
    expect(kubeconfig).toBe(join(dir, 'kubeconfig'));
    expect(runningServers(dir)).toEqual([...servers].sort());

    const connection = JSON.parse(readFileSync(join(dir, 'connection.json'), 'utf8'));
    const kubectlPath = (await testClusterScript('kubectl', dir)).stdout.trim();
    const k = kubectl({ kubectl: kubectlPath }, kubeconfig!);
    expect((await k('config', 'current-context')).stdout.trim()).toBe('starling-test');
    const versions = JSON.parse((await k('version', '-o', 'json')).stdout);
    expect(versions.clientVersion.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
    expect(versions.serverVersion.gitVersion).toBe(versions.clientVersion.gitVersion);

    // A second start finds the running cluster instead of starting another.
    const again = await testClusterScript('start', dir);
    expect(again.stdout).toContain(`KUBECONFIG=${kubeconfig}`);
    expect(again.stderr).toContain('already running');
    expect((await testClusterScript('status', dir)).stdout).toContain(`KUBECONFIG=${kubeconfig}`);

    await testClusterScript('stop', dir);
    expect(runningServers(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(await portIsClosed(connection.server)).toBe(true);
    await expect(testClusterScript('status', dir)).rejects.toMatchObject({ code: 1 });
  }, 240_000);

  it('leaves no server and no folder behind when the process that started the cluster is SIGKILLed', async () => {
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'testdata/hold-cluster.ts')],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: holder.stdout! }).once('line', resolve);
      holder.once('exit', (code) => reject(new Error(`hold-cluster exited with ${code}`)));
    });
    const connection = JSON.parse(line) as TestClusterConnection;
    stateDir = connection.stateDir;
    expect(runningServers(stateDir)).toEqual([...servers].sort());
    expect(await portIsClosed(connection.server)).toBe(false);

    holder.kill('SIGKILL');
    expect(await waitUntilNoneRunning(stateDir)).toEqual([]);
    expect(await portIsClosed(connection.server)).toBe(true);
    await expect.poll(() => existsSync(stateDir), { timeout: 10_000 }).toBe(false);
  }, 240_000);

  it('restarts the API server without losing objects, and dies with a SIGKILLed supervisor', async () => {
    const dir = newStateDir();
    await testClusterScript('start', dir);
    const connection = JSON.parse(readFileSync(join(dir, 'connection.json'), 'utf8'));
    const k = kubectl(connection, connection.kubeconfig);
    await k('create', 'configmap', 'kept', '--from-literal=answer=42');
    const apiserverBefore = processesMentioning(dir).find((p) =>
      p.command.includes('kube-apiserver'),
    );

    await restartApiServer(connection);
    const apiserverAfter = processesMentioning(dir).find((p) =>
      p.command.includes('kube-apiserver'),
    );
    expect(apiserverAfter?.pid).not.toBe(apiserverBefore?.pid);
    const kept = await k('get', 'configmap', 'kept', '-o', 'jsonpath={.data.answer}');
    expect(kept.stdout).toBe('42');

    // Pdeathsig: the servers go down with their supervisor, even when it cannot clean up.
    process.kill(connection.supervisorPid, 'SIGKILL');
    expect(await waitUntilNoneRunning(dir)).toEqual([]);
    // And the next start cleans up what the crash left (the state folder) and starts afresh.
    const restarted = await testClusterScript('start', dir);
    expect(restarted.stderr).not.toContain('already running');
    expect(runningServers(dir)).toEqual([...servers].sort());
    await testClusterScript('stop', dir);
    expect(runningServers(dir)).toEqual([]);
  }, 300_000);
});
