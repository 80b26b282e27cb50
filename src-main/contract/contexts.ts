import type { ErrorShape } from './errors';

/** How far Starling got in talking to a context's API server. */
export type ConnectionState = 'unknown' | 'connecting' | 'connected' | 'error';

/**
 * One kubeconfig context as the renderer sees it: names and the server address only. Tokens,
 * client keys, certificates and exec-plugin output stay in the main process.
 */
export interface ContextInfo {
  name: string;
  /** The kubeconfig's cluster and user entry names (not their contents). */
  cluster: string;
  user: string;
  /** The API server URL, or '' when the context's cluster entry is missing. */
  server: string;
  /** The context's default namespace (`default` when the kubeconfig names none). */
  namespace: string;
  /** The kubeconfig file that defined the context, or `starling` for the built-in local cluster. */
  source: string;
  /** `starling-local`, Starling's own cluster; always listed first. */
  local: boolean;
  /** How the user authenticates, in words: `token`, `client certificate`, `exec: aws`, … */
  auth: string;
  /** The context Starling is showing now. */
  selected: boolean;
  state: ConnectionState;
  /** `v1.33.2` once connected. */
  serverVersion?: string;
  /** Why the context cannot be used, e.g. its cluster entry is missing or the server refused. */
  error?: ErrorShape;
}

/** A whole kubeconfig file Starling could not read; its contexts are missing from the list. */
export interface KubeconfigProblem {
  file: string;
  error: ErrorShape;
}

export interface ContextList {
  contexts: ContextInfo[];
  problems: KubeconfigProblem[];
}

export interface ContextChannels {
  'contexts:list': () => ContextList;
  /** Makes a context the selected one (remembered in the settings) and connects to it. */
  'contexts:select': (name: string) => ContextInfo;
  /** Drops the cached connection and tries again (after fixing a kubeconfig or a server). */
  'contexts:reconnect': (name: string) => ContextInfo;
}

export interface ContextEvents {
  /** The whole list, first when subscribing, then whenever a state or the kubeconfig changes. */
  'contexts:changed': { params: null; event: ContextList };
}
