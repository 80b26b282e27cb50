import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ensureServingCertificates, writeAtomically, type ServingCertificates } from './certs';
import type { FieldManagement } from './api/field-management';
import { mergeFieldManagement } from './api/merge-field-management';
import { ObjectRegistry } from './api/registry';
import { ResourceCatalog } from './api/resource-types';
import { WatchHub } from './api/watch';
import { CrdController } from './controllers/crd-controller';
import { GarbageCollector } from './controllers/garbage-collector';
import { NamespaceController } from './controllers/namespace-controller';
import { WorkQueue } from './controllers/work-queue';
import { ApiServer } from './http/api-server';
import { OpenApiPublisher } from './http/openapi';
import { RevisionLog } from './storage/revision-log';

export interface LocalClusterOptions {
  /** Where the database, certificates and token live. */
  dataDir: string;
  /** 0 (the default) picks a free port; null: no HTTPS server (requests come through `handle`). */
  port?: number | null;
  /** How often watches that allow bookmarks get one (default 60 s). */
  bookmarkIntervalMs?: number;
  /** A watcher whose client leaves more than this unread is closed (default 64 MiB). */
  maxWatchBacklogBytes?: number;
  /** How many revisions the log keeps before compaction (default 10,000). */
  retainedRevisions?: number;
  /** How often the log is compacted (default 5 minutes). */
  compactionIntervalMs?: number;
  fieldManagement?: FieldManagement;
}

const bootstrapNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Starling's local cluster: storage, the API's semantics, the controllers a real cluster's
 * controller-manager runs (CRD establishment, garbage collection, namespace deletion) and the
 * HTTPS server, started together and disposed together.
 */
export class LocalCluster {
  readonly log: RevisionLog;
  readonly catalog = new ResourceCatalog();
  readonly registry: ObjectRegistry;
  readonly watches: WatchHub;
  private readonly queue: WorkQueue;
  private readonly controllers: { dispose(): void }[];
  private readonly server: ApiServer;
  private readonly compaction: NodeJS.Timeout;
  private closed = false;
  private listening = false;

  private constructor(
    options: LocalClusterOptions,
    readonly certificates: ServingCertificates,
    readonly token: string,
  ) {
    this.log = new RevisionLog(join(options.dataDir, 'state.db'), { groupCommit: true });
    this.registry = new ObjectRegistry(this.log, options.fieldManagement ?? mergeFieldManagement);
    this.watches = new WatchHub(this.log, this.registry, {
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      maxBacklogBytes: options.maxWatchBacklogBytes ?? 64 * 1024 * 1024,
    });
    this.queue = new WorkQueue((key, err) => console.error(`starling local: ${key}:`, err));
    this.bootstrap();
    this.controllers = [
      new CrdController(this.log, this.registry, this.catalog, this.queue),
      new GarbageCollector(this.log, this.registry, this.catalog, this.queue),
      new NamespaceController(this.log, this.registry, this.catalog, this.queue),
    ];
    this.server = new ApiServer({
      catalog: this.catalog,
      registry: this.registry,
      watches: this.watches,
      openapi: new OpenApiPublisher(this.catalog),
      certificates,
      token,
    });
    const retained = options.retainedRevisions ?? 10_000;
    this.compaction = setInterval(
      () => void this.log.compactInChunks(this.log.revision - retained),
      options.compactionIntervalMs ?? 5 * 60_000,
    );
    this.compaction.unref();
  }

  static async start(
    options: LocalClusterOptions,
  ): Promise<{ cluster: LocalCluster; url: string }> {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const certificates = await ensureServingCertificates(join(options.dataDir, 'pki'));
    const cluster = new LocalCluster(options, certificates, ensureToken(options.dataDir));
    if (options.port === null) return { cluster, url: '' };
    try {
      const url = await cluster.server.listen(options.port ?? 0);
      cluster.listening = true;
      return { cluster, url };
    } catch (err) {
      await cluster.close();
      throw err;
    }
  }

  /** Serves one request without a socket (the in-process transport, port-server.ts). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return this.server.handle(req, res);
  }

  /** Resolves once the controllers have nothing left to do right now. */
  settled(): Promise<void> {
    return this.queue.idle();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.compaction);
    // Writes already made are committed and answered before the connections close.
    this.log.commit();
    this.watches.dispose();
    if (this.listening) await this.server.close();
    this.queue.dispose();
    for (const c of this.controllers) c.dispose();
    this.log.close();
  }

  private bootstrap(): void {
    const scope = { type: this.registry.namespaceType };
    for (const name of bootstrapNamespaces) {
      if (this.registry.getStored(scope, name)) continue;
      this.registry.create(
        scope,
        { value: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } },
        { dryRun: false, manager: 'kube-apiserver', fieldValidation: 'Ignore' },
      );
    }
    // Committed before the controllers subscribe, as they would find it on a restart.
    this.log.commit();
  }
}

/** The bearer token clients must send: random, made once per data directory, kept mode 0600. */
function ensureToken(dataDir: string): string {
  const path = join(dataDir, 'token');
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept.length >= 32) return kept;
  }
  const token = randomBytes(32).toString('base64url');
  writeAtomically(path, token + '\n', 0o600);
  return token;
}
