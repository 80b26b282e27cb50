import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import YAML from 'yaml';
import type { KubeconfigProblem } from '../contract';

/**
 * Kubeconfig files merged the way kubectl merges them:
 * - the files are $KUBECONFIG's list (path-separated, empty entries and repeats ignored, missing
 *   files skipped), or ~/.kube/config when $KUBECONFIG is empty;
 * - for clusters, users and contexts, the first file that defines a name wins;
 * - `current-context` comes from the first file that sets one;
 * - relative paths inside a file (certificate files, token files, an exec command with a path
 *   separator) are relative to that file's folder.
 * Unlike kubectl, a file that cannot be read is reported on its own and the others still load.
 */
export interface MergedKubeconfig {
  files: string[];
  currentContext?: string;
  contexts: Map<string, Named<RawContext>>;
  clusters: Map<string, Named<RawCluster>>;
  users: Map<string, Named<RawUser>>;
  problems: KubeconfigProblem[];
}

export interface Named<T> {
  name: string;
  value: T;
  /** The file that defined it. */
  file: string;
}

export interface RawContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}

export type RawCluster = Record<string, unknown> & { server?: string };
export type RawUser = Record<string, unknown> & { exec?: { command?: string } };

/** The kubeconfig files kubectl would read, in order. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const list = env['KUBECONFIG'];
  if (!list) return [join(home, '.kube', 'config')];
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const entry of list.split(delimiter)) {
    if (!entry) continue;
    const path = resolve(entry);
    if (!seen.has(path)) paths.push(path);
    seen.add(path);
  }
  return paths;
}

export function loadKubeconfigs(paths: string[]): MergedKubeconfig {
  const merged: MergedKubeconfig = {
    files: [],
    contexts: new Map(),
    clusters: new Map(),
    users: new Map(),
    problems: [],
  };
  for (const file of paths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      merged.problems.push(problem(file, `cannot read ${file}: ${(err as Error).message}`));
      continue;
    }
    let doc: unknown;
    try {
      doc = YAML.parse(text, { prettyErrors: true });
    } catch (err) {
      merged.problems.push(problem(file, `${file}: ${(err as Error).message}`));
      continue;
    }
    merged.files.push(file);
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      merged.problems.push(problem(file, `${file}: a kubeconfig must be a YAML mapping`));
      continue;
    }
    mergeFile(merged, file, doc as Record<string, unknown>);
  }
  return merged;
}

function mergeFile(merged: MergedKubeconfig, file: string, doc: Record<string, unknown>): void {
  const current = doc['current-context'];
  if (merged.currentContext === undefined && typeof current === 'string' && current) {
    merged.currentContext = current;
  }
  const sections = [
    ['contexts', 'context', merged.contexts],
    ['clusters', 'cluster', merged.clusters],
    ['users', 'user', merged.users],
  ] as const;
  for (const [list, field, into] of sections) {
    const entries = doc[list];
    if (entries === undefined || entries === null) continue;
    if (!Array.isArray(entries)) {
      merged.problems.push(problem(file, `${file}: "${list}" must be a list`));
      continue;
    }
    entries.forEach((entry: unknown, i) => {
      const e = entry as Record<string, unknown> | null;
      const name = e?.['name'];
      if (typeof name !== 'string' || !name) {
        merged.problems.push(problem(file, `${file}: ${list}[${i}] has no name`));
        return;
      }
      if (into.has(name)) return; // the first file to define a name wins
      const value = e?.[field];
      const body = typeof value === 'object' && value !== null ? value : {};
      (into as Map<string, Named<unknown>>).set(name, {
        name,
        file,
        value: resolvePaths(field, body as Record<string, unknown>, dirname(file)),
      });
    });
  }
}

const pathFields: Record<string, readonly string[]> = {
  cluster: ['certificate-authority'],
  user: ['client-certificate', 'client-key', 'token-file'],
  context: [],
};

function resolvePaths(field: string, body: Record<string, unknown>, dir: string) {
  const out: Record<string, unknown> = { ...body };
  for (const key of pathFields[field] ?? []) {
    const value = out[key];
    if (typeof value === 'string' && value && !isAbsolute(value)) out[key] = resolve(dir, value);
  }
  const exec = out['exec'] as { command?: unknown } | undefined;
  if (field === 'user' && exec && typeof exec.command === 'string') {
    const command = exec.command;
    if (!isAbsolute(command) && (command.includes('/') || command.includes(sep))) {
      out['exec'] = { ...exec, command: resolve(dir, command) };
    }
  }
  return out;
}

function problem(file: string, message: string): KubeconfigProblem {
  return { file, error: { name: 'KubeconfigError', message, hint: 'fix or remove the file' } };
}

/** What reaching Starling's local cluster over HTTPS takes (its `RunningLocalCluster`). */
export interface LocalClusterAccess {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** The CA certificate, PEM (or already base64, as a kubeconfig holds it). */
  caData: string;
  /** The bearer token the server requires. */
  token: string;
}

/** A client-node `KubeConfig` with one context, `name`, for Starling's local cluster. */
export function kubeConfigForLocalCluster(
  access: LocalClusterAccess,
  name: string,
  namespace?: string,
): KubeConfig {
  const caData = access.caData.startsWith('-----BEGIN')
    ? Buffer.from(access.caData).toString('base64')
    : access.caData;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server: access.url, caData, skipTLSVerify: false }],
    users: [{ name, token: access.token }],
    contexts: [{ name, cluster: name, user: name, ...(namespace ? { namespace } : {}) }],
    currentContext: name,
  });
  return kc;
}

/**
 * A client-node `KubeConfig` holding exactly one context, ready to talk to its cluster. Throws a
 * `KubeconfigError` naming the context when its cluster or user entry is missing or unusable.
 */
export function kubeConfigForContext(merged: MergedKubeconfig, name: string): KubeConfig {
  const context = merged.contexts.get(name);
  const fail = (message: string, hint: string) =>
    Object.assign(new Error(`context "${name}": ${message}`), {
      name: 'KubeconfigError',
      target: { cluster: name },
      hint,
    });
  if (!context) throw fail('not found in the kubeconfig', 'pick another context');
  const clusterName = context.value.cluster;
  const userName = context.value.user;
  const cluster = clusterName ? merged.clusters.get(clusterName) : undefined;
  if (!cluster) {
    throw fail(
      `cluster "${clusterName ?? ''}" is not defined in any kubeconfig file`,
      `add the cluster to ${context.file} or fix the context's "cluster" field`,
    );
  }
  if (typeof cluster.value.server !== 'string' || !cluster.value.server) {
    throw fail(
      `cluster "${clusterName}" has no server`,
      `set clusters[].cluster.server in ${cluster.file}`,
    );
  }
  const user = userName ? merged.users.get(userName) : undefined;
  if (userName && !user) {
    throw fail(
      `user "${userName}" is not defined in any kubeconfig file`,
      `add the user to ${context.file} or fix the context's "user" field`,
    );
  }
  const kc = new KubeConfig();
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': name,
    clusters: [{ name: cluster.name, cluster: cluster.value }],
    users: [{ name: user?.name ?? '', user: user?.value ?? {} }],
    contexts: [{ name, context: { ...context.value, user: user?.name ?? '' } }],
  };
  try {
    kc.loadFromString(JSON.stringify(config));
  } catch (err) {
    throw fail(
      (err as Error).message,
      `fix the user "${userName}" or cluster "${clusterName}" entries`,
    );
  }
  return kc;
}

/** How a kubeconfig user authenticates, in words, without any of the secrets. */
export function describeAuth(user: RawUser | undefined): string {
  if (!user) return 'none';
  const exec = user['exec'] as { command?: string } | undefined;
  if (exec?.command) return `exec: ${exec.command.split(/[\\/]/).pop()}`;
  if (user['auth-provider']) {
    return `auth provider: ${(user['auth-provider'] as { name?: string }).name ?? 'unknown'}`;
  }
  if (user['token'] || user['token-file']) return 'token';
  if (user['client-certificate'] || user['client-certificate-data']) return 'client certificate';
  if (user['username']) return 'basic';
  return 'none';
}
