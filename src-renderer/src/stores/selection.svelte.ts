import type { KindInfo } from '../../../src-main/contract';

/**
 * What the user is looking at: the kind, the namespace filter and the open object. The context is
 * the selected one of ContextsStore. Every view reads from here; the address bar mirrors it.
 */
export class Selection {
  kind = $state.raw<KindInfo | undefined>();
  /** '' means all namespaces. */
  namespace = $state('');
  /** The key (`namespace/name`) of the object whose details are open. */
  objectKey = $state<string | undefined>();
  /** Text filter on names. */
  filter = $state('');

  chooseKind(kind: KindInfo | undefined): void {
    this.kind = kind;
    this.objectKey = undefined;
    this.filter = '';
  }
}
