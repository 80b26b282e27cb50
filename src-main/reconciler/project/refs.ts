import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { isObject } from './crds';
import { filesIn, isYamlFile, join, readText } from './files';
import type { ProblemList } from './problems';
import type { Position, UpstreamRef } from './types';
import { readYamlDocuments, type YamlDocument } from './yaml';

/**
 * `refs/`: UpstreamRefs (CHOREO.md, "Project layout"). A ref names a git repository (`spec.url`)
 * at a tag or commit (`spec.ref`), optionally a folder in it (`spec.directory`); type `crd` takes
 * its crds/ (CRDs and libraries, only the file stems in `spec.includes` when given), type `all`
 * takes the whole project there. Git repositories are cloned with the system's git into
 * `<refsCache>/<hash>` (default `<project>/.starling/refs`) once, and reused while the ref stays
 * the same. A `spec.url` that is a local folder with no `spec.ref` is read in place.
 */
export async function readRefsFolder(
  projectDir: string,
  problems: ProblemList,
  options: { refsCache: string; offline: boolean },
): Promise<UpstreamRef[]> {
  const dir = join(projectDir, 'refs');
  const refs: UpstreamRef[] = [];
  for (const name of await filesIn(dir)) {
    if (!isYamlFile(name)) continue;
    const path = join(dir, name);
    for (const doc of readYamlDocuments(path, await readText(path), problems)) {
      const ref = readRef(doc, problems);
      if (!ref) continue;
      if (await fetchRef(ref, doc, projectDir, problems, options)) refs.push(ref);
    }
  }
  return refs;
}

function readRef(doc: YamlDocument, problems: ProblemList): UpstreamRef | undefined {
  const obj = doc.value;
  if (!isObject(obj) || obj.kind !== 'UpstreamRef') {
    problems.warning(
      doc.at,
      'refs/ holds UpstreamRef objects (choreo.kform.dev/v1alpha1); this document is ignored',
    );
    return undefined;
  }
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const spec = isObject(obj.spec) ? obj.spec : {};
  let ok = true;
  if (spec.type !== 'crd' && spec.type !== 'all') {
    problems.error(
      doc.valueAt(['spec', 'type']),
      `UpstreamRef: spec.type must be crd or all, not ${JSON.stringify(spec.type ?? null)}`,
      'crd takes the CRDs and libraries of its crds/; all takes the whole project',
    );
    ok = false;
  }
  if (typeof spec.url !== 'string' || spec.url === '') {
    problems.error(
      doc.valueAt(['spec', 'url']),
      'UpstreamRef: missing spec.url (a git URL or a local folder)',
    );
    ok = false;
  }
  let ref: UpstreamRef['ref'];
  if (spec.ref !== undefined && spec.ref !== null) {
    const r = isObject(spec.ref) ? spec.ref : {};
    const type = r.type ?? 'hash';
    if ((type !== 'hash' && type !== 'tag') || typeof r.name !== 'string' || r.name === '') {
      problems.error(
        doc.valueAt(['spec', 'ref']),
        'UpstreamRef: spec.ref must be {type: hash|tag, name: <commit or tag>}',
      );
      ok = false;
    } else {
      ref = { type, name: r.name };
    }
  }
  const includes = spec.includes;
  if (
    includes !== undefined &&
    (!Array.isArray(includes) || includes.some((i) => typeof i !== 'string'))
  ) {
    problems.error(
      doc.valueAt(['spec', 'includes']),
      'UpstreamRef: spec.includes must be a list of file stems',
    );
    ok = false;
  }
  if (spec.directory !== undefined && typeof spec.directory !== 'string') {
    problems.error(
      doc.valueAt(['spec', 'directory']),
      'UpstreamRef: spec.directory must be a path',
    );
    ok = false;
  }
  if (!ok) return undefined;
  const result: UpstreamRef = {
    name: typeof metadata.name === 'string' ? metadata.name : String(spec.url),
    type: spec.type as UpstreamRef['type'],
    url: spec.url as string,
    at: doc.at,
  };
  if (ref) result.ref = ref;
  if (typeof spec.directory === 'string') result.directory = spec.directory;
  if (Array.isArray(includes)) result.includes = includes as string[];
  return result;
}

function isLocalPath(url: string): boolean {
  return isAbsolute(url) || url.startsWith('./') || url.startsWith('../') || url === '.';
}

/** Sets ref.path (and ref.commit for git refs); false when it could not be fetched. */
async function fetchRef(
  ref: UpstreamRef,
  doc: YamlDocument,
  projectDir: string,
  problems: ProblemList,
  options: { refsCache: string; offline: boolean },
): Promise<boolean> {
  const urlAt = doc.valueAt(['spec', 'url']);
  const local = isLocalPath(ref.url) ? resolve(projectDir, ref.url) : undefined;
  let root: string;
  if (local !== undefined && !ref.ref) {
    root = local;
  } else {
    const checkout = await gitCheckout(local ?? ref.url, ref.ref, urlAt, doc, problems, options);
    if (!checkout) return false;
    root = checkout.dir;
    ref.commit = checkout.commit;
  }
  if (ref.directory) root = join(root, ref.directory);
  if (!(await isDirectory(root))) {
    problems.error(
      ref.directory ? doc.valueAt(['spec', 'directory']) : urlAt,
      `UpstreamRef ${ref.name}: ${root} is not a folder`,
      ref.directory ? 'spec.directory is a folder inside the repository' : 'check spec.url',
    );
    return false;
  }
  ref.path = root;
  return true;
}

interface Checkout {
  dir: string;
  commit: string;
}

async function gitCheckout(
  url: string,
  ref: UpstreamRef['ref'],
  urlAt: Position,
  doc: YamlDocument,
  problems: ProblemList,
  options: { refsCache: string; offline: boolean },
): Promise<Checkout | undefined> {
  const wanted = ref ? `${ref.type}:${ref.name}` : 'HEAD';
  const key = createHash('sha256').update(`${url}\n${wanted}`).digest('hex').slice(0, 16);
  const dir = join(options.refsCache, key);
  const marker = join(dir, '.git', 'starling-ref.json');
  try {
    const saved = JSON.parse(await readFile(marker, 'utf8')) as {
      url: string;
      ref: string;
      commit: string;
    };
    if (saved.url === url && saved.ref === wanted) return { dir, commit: saved.commit };
  } catch {
    // not cached yet
  }
  if (options.offline) {
    problems.error(
      urlAt,
      `UpstreamRef ${url} (${wanted}) is not in the cache ${options.refsCache}`,
      'load once online',
    );
    return undefined;
  }
  await mkdir(options.refsCache, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await git(['clone', '--quiet', '--no-checkout', '--', url, tmp]);
    const spec = !ref ? 'HEAD' : ref.type === 'tag' ? `refs/tags/${ref.name}` : ref.name;
    let commit: string;
    try {
      commit = (
        await git(['-C', tmp, 'rev-parse', '--verify', '--quiet', `${spec}^{commit}`])
      ).trim();
    } catch {
      problems.error(
        doc.valueAt(['spec', 'ref', 'name']),
        `UpstreamRef: ${ref?.type === 'tag' ? 'tag' : 'commit'} ${ref?.name ?? 'HEAD'} not found in ${url}`,
        ref?.type === 'tag'
          ? 'check the tag name (git ls-remote --tags URL)'
          : 'check the commit hash',
      );
      return undefined;
    }
    await git(['-C', tmp, 'checkout', '--quiet', '--detach', commit]);
    await writeFile(
      join(tmp, '.git', 'starling-ref.json'),
      JSON.stringify({ url, ref: wanted, commit }),
    );
    await rm(dir, { recursive: true, force: true });
    try {
      await rename(tmp, dir);
    } catch {
      // Another load put it there first: use theirs.
    }
    return { dir, commit };
  } catch (e) {
    problems.error(
      urlAt,
      `UpstreamRef: cannot clone ${url}: ${firstLine(e)}`,
      (e as { code?: string }).code === 'ENOENT'
        ? 'install git: refs are fetched with the system git'
        : 'check the URL and that git can reach it (git clone URL)',
    );
    return undefined;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function git(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      args,
      {
        timeout: 300_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as { code?: unknown }).code;
          reject(Object.assign(new Error(stderr.trim() || error.message), { code }));
        } else {
          resolvePromise(stdout);
        }
      },
    );
  });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return (
    message
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.replace(/^fatal: /, '') ?? message
  );
}
