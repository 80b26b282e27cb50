import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { kubeConfigForLocalCluster } from '../../../src-main/cluster/kubeconfig';
import { startLocalCluster } from '../../../src-main/cluster/local/index';
import { customResourceDefinition } from '../../fixtures/custom-resources';
import type {
  RuntimeProject,
  RuntimeReconciler,
  SelectorCompiler,
} from '../../../src-main/reconciler/runtime/types';

/** Starling's local cluster in a fresh temp folder and a connection to it. */
export async function localConnection(): Promise<{
  connection: ClusterConnection;
  kubeConfig: KubeConfig;
  close(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'starling-runtime-'));
  const local = await startLocalCluster({ dataDir, port: 0 });
  const kubeConfig = kubeConfigForLocalCluster(local, 'local');
  const connection = new ClusterConnection('local', kubeConfig);
  return {
    connection,
    kubeConfig,
    async close() {
      connection.dispose();
      await local.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function path(obj: unknown, dotted: string): unknown {
  let v: unknown = obj;
  for (const part of dotted.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * Selectors for runtime tests whose keys are plain dotted paths (the CEL selectors of
 * src-main/reconciler/selector are tested on their own): a missing selector matches nothing,
 * `{}` everything, each match key's value compared as a string.
 */
export const pathSelectors: SelectorCompiler = {
  compileSelector(selector) {
    if (!selector) return () => false;
    const match = Object.entries(selector.match ?? {});
    return (obj) => match.every(([k, v]) => String(path(obj, k)) === v);
  },
  compileJoin(watch) {
    const terms = Object.entries(watch.selector?.match ?? {});
    return (watched, forObj) =>
      terms.every(
        ([w, f]) =>
          path(watched, w) !== undefined && String(path(watched, w)) === String(path(forObj, f)),
      );
  },
};

/** A kind whose spec and status take any fields, as a project's CRD (`status`: the subresource). */
export function crd(
  group: string,
  kind: string,
  options: { scope?: 'Namespaced' | 'Cluster'; status?: boolean } = {},
) {
  const { scope, status = false } = options;
  return { object: customResourceDefinition({ group, kind, scope, statusSubresource: status }) };
}

export function reconciler(
  name: string,
  source: string,
  spec: Partial<Omit<RuntimeReconciler, 'name' | 'source'>> & Pick<RuntimeReconciler, 'for'>,
): RuntimeReconciler {
  return {
    name,
    source,
    starPath: `/project/reconcilers/${name}/reconciler.star`,
    specUpdate: false,
    owns: [],
    watches: [],
    ...spec,
  };
}

export function project(parts: Partial<RuntimeProject>): RuntimeProject {
  return {
    dir: '/project',
    crds: [],
    libraries: new Map(),
    reconcilers: [],
    inputs: [],
    ...parts,
  };
}

/** How a suite reaches its cluster: a connection and how to let go of it. */
export type Connect = () => Promise<{ connection: ClusterConnection; close(): Promise<void> }>;
