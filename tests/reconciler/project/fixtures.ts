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

export const helloCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: helloworlds.example.com
spec:
  group: example.com
  names: {kind: HelloWorld, plural: helloworlds}
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

export function reconcilerConfig(name: string, extra = ''): string {
  return `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata:
  name: ${name}
spec:
  for:
    group: example.com
    version: v1alpha1
    kind: HelloWorld
    selector: {}
${extra}`;
}

export const okReconcile = `def reconcile(self):
    return reconcile_result(self, False, 0, "", False)
`;
