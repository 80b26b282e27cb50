/**
 * The shape an error takes on its way between main and renderer. The sending side turns any
 * thrown value into an `ErrorShape`; the receiving side turns it back into a real `Error` with the
 * same name, message and fields, so `catch` works the same in both processes.
 */
export interface ErrorShape {
  /** `Error`, `KubernetesApiError`, `KubeconfigError`, `TransportError`, … */
  name: string;
  message: string;
  /** The HTTP status code of an API error. */
  code?: number;
  /** The Kubernetes `Status` reason: `NotFound`, `Conflict`, `Gone`, `Invalid`, … */
  reason?: string;
  /** What the error is about: the cluster (context) always, then kind, namespace and name. */
  target?: ErrorTarget;
  /** What the user can do about it. */
  hint?: string;
  /** Further lines: the causes of an `Invalid` or the conflicts of a server-side apply. */
  details?: string[];
}

export interface ErrorTarget {
  /** The kubeconfig context the error happened in. */
  cluster: string;
  kind?: string;
  namespace?: string;
  name?: string;
}
