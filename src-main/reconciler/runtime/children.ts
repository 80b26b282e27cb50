/**
 * A reconcile's children (CHOREO.md, "Children"): the objects of the `owns` kinds whose
 * ownerReference names the For object's uid. Applying the queued children deletes the existing
 * ones not queued this time, then applies the queued ones with server-side apply as the
 * reconciler — Namespaces first; deleting removes every existing child, Namespaces last.
 * Errors (other than not-found on delete) are collected and reported together.
 */
import type { KubeObject } from '../../contract';
import type { ChildRef } from '../../contract/runtime';
import { apiVersionOf, gvkKey, objectGvk, splitApiVersion, type Gvk } from './kube-api';
import { stripServerFields } from './object-fields';
import type { JsonObject } from './values';

/** Where a reconcile finds the existing children of an owner. */
export interface ChildSource {
  childrenOf(ownerUid: string, owns: readonly Gvk[]): Promise<KubeObject[]>;
}

/** How children are written: live, or recorded by a dry run. */
export interface ChildWriter {
  apply(child: JsonObject, existing: KubeObject | undefined): Promise<void>;
  delete(child: KubeObject): Promise<void>;
}

export function childRef(obj: KubeObject | JsonObject): ChildRef {
  const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
  const ref: ChildRef = {
    apiVersion: String(obj.apiVersion ?? ''),
    kind: String(obj.kind ?? ''),
    name: meta.name ?? '',
  };
  if (meta.namespace) ref.namespace = meta.namespace;
  return ref;
}

export function childKey(obj: KubeObject | JsonObject): string {
  const r = childRef(obj);
  const { group } = splitApiVersion(r.apiVersion);
  return `${group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

function isNamespace(obj: KubeObject | JsonObject): boolean {
  return obj.kind === 'Namespace' && (obj.apiVersion === 'v1' || obj.apiVersion === undefined);
}

class Errors {
  readonly messages: string[] = [];
  async run(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.messages.push(err instanceof Error ? err.message : String(err));
    }
  }
  throwIfAny(): void {
    if (this.messages.length === 1) throw new ChildrenError(this.messages[0]!, this.messages);
    if (this.messages.length > 1)
      throw new ChildrenError(
        `${this.messages.length} children failed:\n${this.messages.join('\n')}`,
        this.messages,
      );
  }
}

export class ChildrenError extends Error {
  override name = 'ChildrenError';
  constructor(
    message: string,
    readonly messages: string[],
  ) {
    super(message);
  }
}

/** Deletes the stale children and applies the queued ones. */
export async function applyChildren(
  queued: readonly JsonObject[],
  existing: readonly KubeObject[],
  writer: ChildWriter,
): Promise<void> {
  const byKey = new Map(existing.map((o) => [childKey(o), o]));
  const wanted = new Set(queued.map(childKey));
  const stale = existing.filter((o) => !wanted.has(childKey(o)));
  const errors = new Errors();
  await deleteAll(stale, writer, errors);
  const ordered = [...queued.filter(isNamespace), ...queued.filter((c) => !isNamespace(c))];
  for (const child of ordered) {
    stripServerFields(child);
    await errors.run(() => writer.apply(child, byKey.get(childKey(child))));
  }
  errors.throwIfAny();
}

/** Deletes every existing child (not waiting for them to go). */
export async function deleteChildren(
  existing: readonly KubeObject[],
  writer: ChildWriter,
): Promise<void> {
  const errors = new Errors();
  await deleteAll(existing, writer, errors);
  errors.throwIfAny();
}

async function deleteAll(objs: readonly KubeObject[], writer: ChildWriter, errors: Errors) {
  const ordered = [...objs.filter((o) => !isNamespace(o)), ...objs.filter(isNamespace)];
  for (const obj of ordered) await errors.run(() => writer.delete(obj));
}

/**
 * The owner index the runtime keeps from its informers on the `owns` kinds: children by owner
 * uid, without listing every owned kind on every reconcile as Choreo does.
 */
export class OwnerIndex implements ChildSource {
  readonly #byOwner = new Map<string, Map<string, KubeObject>>();
  readonly #kinds = new Set<string>();

  /** Registers a kind this index is fed for. */
  track(gvk: Gvk): void {
    this.#kinds.add(groupKind(gvk));
  }

  tracks(gvk: Gvk): boolean {
    return this.#kinds.has(groupKind(gvk));
  }

  set(obj: KubeObject, previous?: KubeObject): void {
    if (previous) this.remove(previous);
    const key = childKey(obj);
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      let children = this.#byOwner.get(ref.uid);
      if (!children) this.#byOwner.set(ref.uid, (children = new Map()));
      children.set(key, obj);
    }
  }

  remove(obj: KubeObject): void {
    const key = childKey(obj);
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      const children = this.#byOwner.get(ref.uid);
      if (!children) continue;
      children.delete(key);
      if (children.size === 0) this.#byOwner.delete(ref.uid);
    }
  }

  /** Drops everything of one kind (before its informer's relist fills it again). */
  resetKind(gvk: Gvk): void {
    const gk = groupKind(gvk);
    for (const [uid, children] of this.#byOwner) {
      for (const [key, obj] of children) {
        const { group } = splitApiVersion(String(obj.apiVersion ?? ''));
        if (`${group}/${obj.kind}` === gk) children.delete(key);
      }
      if (children.size === 0) this.#byOwner.delete(uid);
    }
  }

  async childrenOf(ownerUid: string, owns: readonly Gvk[]): Promise<KubeObject[]> {
    const kinds = new Set(owns.map(groupKind));
    const out: KubeObject[] = [];
    for (const obj of this.#byOwner.get(ownerUid)?.values() ?? []) {
      const { group } = splitApiVersion(String(obj.apiVersion ?? ''));
      if (kinds.has(`${group}/${obj.kind}`)) out.push(obj);
    }
    return out;
  }
}

function groupKind(gvk: Gvk): string {
  return `${gvk.group}/${gvk.kind}`;
}

export { apiVersionOf, gvkKey, objectGvk };
