import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Problem } from '../../../src-main/reconciler/project/index';

/** A project in a fresh temporary folder: relative path → file text. */
export async function makeProject(files: Record<string, string>): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), 'starling-project-'));
  await writeFiles(dir, files);
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface TempProject {
  dir: string;
  dispose(): Promise<void>;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
}

/** `relative/path:line:col severity message` for each problem — what a test compares. */
export function brief(problems: readonly Problem[], dir: string): string[] {
  return problems.map(
    (p) => `${p.file.slice(dir.length + 1)}:${p.line}:${p.col} ${p.severity} ${p.message}`,
  );
}

/** A kind of a project's crds/ folder, as YAML; its spec and status take any fields. */
export function crdYaml(group: string, kind: string, plural: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${plural}}
  scope: Namespaced
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
            status: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;
}

export const helloCrd = crdYaml('example.com', 'HelloWorld', 'helloworlds');

const helloWorld = { group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' };

/** A reconciler's config.yaml for `forKind` (HelloWorld unless told), `extra` appended to spec. */
export function reconcilerConfig(name: string, extra = '', forKind = helloWorld): string {
  return `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata:
  name: ${name}
spec:
  for:
    group: ${forKind.group}
    version: ${forKind.version}
    kind: ${forKind.kind}
    selector: {}
${extra}`;
}

export const okReconcile = `def reconcile(self):
    return reconcile_result(self, False, 0, "", False)
`;
