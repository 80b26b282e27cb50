// The test cluster runs kube-controller-manager's garbage-collector, namespace and
// service-account controllers: ownerReferences cascade and namespaces really go away.
import { ApiException, CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { testKubeConfig, useNamespace } from './fixtures';

const namespace = useNamespace('controllers');
const core = testKubeConfig().makeApiClient(CoreV1Api);

/** Polls check every 100 ms until it returns true; fails after 60 s. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiException && error.code === 404;
}

const gone = (read: () => Promise<unknown>) => () =>
  read().then(
    () => false,
    (error: unknown) => {
      if (isNotFound(error)) return true;
      throw error;
    },
  );

async function configMapWithDependent(owner: string, finalizers?: string[]): Promise<V1ConfigMap> {
  const created = await core.createNamespacedConfigMap({
    namespace: namespace.name,
    body: { metadata: { name: owner } },
  });
  await core.createNamespacedConfigMap({
    namespace: namespace.name,
    body: {
      metadata: {
        name: `${owner}-dependent`,
        finalizers,
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: owner,
            uid: created.metadata!.uid!,
            blockOwnerDeletion: true,
          },
        ],
      },
    },
  });
  return created;
}

describe('controllers of the test cluster', () => {
  it('garbage-collects a dependent after its owner is deleted', async () => {
    await configMapWithDependent('background');
    await core.deleteNamespacedConfigMap({ name: 'background', namespace: namespace.name });
    await eventually(
      'the dependent to be collected',
      gone(() =>
        core.readNamespacedConfigMap({ name: 'background-dependent', namespace: namespace.name }),
      ),
    );
  });

  it('holds a foreground-deleted owner until its dependents are gone', async () => {
    // The dependent's own finalizer keeps it, and so its owner, until the test lets go.
    await configMapWithDependent('foreground', ['starling.test/hold']);
    const read = (name: string) =>
      core.readNamespacedConfigMap({ name, namespace: namespace.name });
    await core.deleteNamespacedConfigMap({
      name: 'foreground',
      namespace: namespace.name,
      propagationPolicy: 'Foreground',
    });
    await eventually('the collector to delete the dependent', async () =>
      Boolean((await read('foreground-dependent')).metadata?.deletionTimestamp),
    );
    const owner = await read('foreground');
    expect(owner.metadata?.deletionTimestamp).toBeDefined();
    expect(owner.metadata?.finalizers).toEqual(['foregroundDeletion']);

    await core.patchNamespacedConfigMap({
      name: 'foreground-dependent',
      namespace: namespace.name,
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    await eventually(
      'the owner to be deleted',
      gone(() => read('foreground')),
    );
    await expect(read('foreground-dependent')).rejects.toMatchObject({ code: 404 });
  });

  it('gives a new namespace its default ServiceAccount and deletes a namespace with content', async () => {
    const created = await core.createNamespace({
      body: { metadata: { generateName: 'doomed-' } },
    });
    const name = created.metadata!.name!;
    await eventually('the default ServiceAccount', () =>
      core.readNamespacedServiceAccount({ name: 'default', namespace: name }).then(
        () => true,
        () => false,
      ),
    );
    await core.createNamespacedConfigMap({ namespace: name, body: { metadata: { name: 'x' } } });
    await core.deleteNamespace({ name });
    await eventually(
      'the namespace to be deleted',
      gone(() => core.readNamespace({ name })),
    );
  });
});
