import { isObject } from './crds';
import { filesIn, isYamlFile, join, readText } from './files';
import type { ProblemList } from './problems';
import type { KubeObject, Manifest } from './types';
import { readYamlDocuments } from './yaml';

/**
 * `in/`: the objects applied before the reconcilers start, any number of documents per file. Only
 * the folder itself is read, not its subfolders (as Choreo reads it). Whether each kind exists is
 * checked once every CRD is known (load.ts).
 */
export async function readInputsFolder(dir: string, problems: ProblemList): Promise<Manifest[]> {
  const inputs: Manifest[] = [];
  for (const name of await filesIn(dir)) {
    if (!isYamlFile(name)) continue;
    const path = join(dir, name);
    for (const doc of readYamlDocuments(path, await readText(path), problems)) {
      const obj = doc.value;
      if (!isObject(obj)) {
        problems.error(doc.at, 'an input must be a Kubernetes object (a YAML map)');
        continue;
      }
      const metadata = isObject(obj.metadata) ? obj.metadata : {};
      const missing = [
        typeof obj.apiVersion === 'string' && obj.apiVersion !== '' ? undefined : 'apiVersion',
        typeof obj.kind === 'string' && obj.kind !== '' ? undefined : 'kind',
        typeof metadata.name === 'string' && metadata.name !== '' ? undefined : 'metadata.name',
      ].filter((m): m is string => m !== undefined);
      if (missing.length > 0) {
        problems.error(
          doc.at,
          `an input needs ${missing.join(', ')}`,
          'every object in in/ is applied to the cluster as it is',
        );
        continue;
      }
      const apiVersion = obj.apiVersion as string;
      if (apiVersion.startsWith('choreo.kform.dev/')) {
        problems.warning(
          doc.at,
          `${String(obj.kind)} objects in in/ are not applied: Starling reads reconcilers from reconcilers/ and libraries from crds/`,
          obj.kind === 'Reconciler'
            ? 'move it to reconcilers/<name>/config.yaml with its .star file beside it'
            : obj.kind === 'UpstreamRef'
              ? 'move it to refs/'
              : 'put the library in crds/<group>_<plural>.star',
        );
        continue;
      }
      const manifest: Manifest = {
        object: obj as KubeObject,
        apiVersion,
        kind: obj.kind as string,
        name: metadata.name as string,
        at: doc.at,
      };
      if (typeof metadata.namespace === 'string' && metadata.namespace !== '') {
        manifest.namespace = metadata.namespace;
      }
      inputs.push(manifest);
    }
  }
  return inputs;
}
