import Database from 'better-sqlite3';

/**
 * The local cluster's storage: a revision log in SQLite, the way k3s keeps its state through kine.
 *
 * Every write gets the next revision (one counter for the whole store, like etcd's) and appends a
 * row to `log`; `current` holds the newest value of each live key for gets and ordered range
 * lists. A watch from revision N replays `log` rows after N and then follows the live events, which
 * are emitted synchronously after each commit, so replay and live delivery never leave a gap.
 * Compaction drops log rows up to a revision; a watch or continue token from before it is "too
 * old" (410 Gone upstream).
 *
 * Durability: WAL journal, and a write is acknowledged (returned) only after its transaction
 * committed — committed data is in the WAL file and survives the process being killed. One process
 * owns a store: the database is opened in exclusive locking mode.
 *
 * Group commit (the server's mode): the writes of one event-loop turn share one transaction, each
 * write a savepoint in it, committed once the turn's requests have run (`setImmediate`), so a
 * burst of concurrent creates pays for one commit rather than one each. A write then returns
 * before it is durable: whoever acknowledges it waits with `afterCommit`, and listeners hear of it
 * only after the commit, as before.
 */

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredValue {
  key: string;
  /** The revision that wrote this value (the object's resourceVersion). */
  rev: number;
  /** The object as JSON text, exactly as it is served. */
  value: string;
}

export interface StoreEvent extends StoredValue {
  type: EventType;
  /** The key's previous value (live events only; replayed events don't carry it). */
  prev?: string;
}

/** Builds the value to store once its revision is known (it goes into metadata.resourceVersion). */
export type ValueAtRevision = (rev: number) => string;

export interface RangeOptions {
  /** Only keys after this one (a continue token's position). */
  after?: string;
  limit?: number;
}

export interface RevisionLogOptions {
  /** Commit the writes of one event-loop turn together (see above); default: each on its own. */
  groupCommit?: boolean;
}

/** Writes made since the last commit, and who waits for them to be durable. */
interface OpenBatch {
  /** The revision before the batch's first write. */
  start: number;
  events: StoreEvent[];
  committed: (() => void)[];
  failed: ((err: unknown) => void)[];
}

export class StorageLockedError extends Error {
  override name = 'StorageLockedError';
}

const eventCodes: Record<EventType, number> = { ADDED: 1, MODIFIED: 2, DELETED: 3 };
const eventTypes: EventType[] = ['ADDED', 'ADDED', 'MODIFIED', 'DELETED'];
/** Above every character a key may hold: the end of a prefix range. */
const rangeEnd = '\u{10FFFF}';

export class RevisionLog {
  private readonly db: Database.Database;
  private revisionCounter: number;
  private compacted: number;
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly statements;
  /** One compiled transaction wrapper, reused by every write (making one costs a compile). */
  private readonly inTransaction: (run: () => unknown) => unknown;
  private batch: OpenBatch | undefined;

  constructor(
    path: string,
    private readonly options: RevisionLogOptions = {},
  ) {
    this.db = new Database(path, { timeout: 100 });
    try {
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      // Checkpoints (copying the WAL into the database, two fsyncs) run inside a commit and stall
      // every request meanwhile; at 10,000 pages (~40 MB of WAL) rather than SQLite's 1,000 they
      // come a tenth as often, and each copies a page rewritten many times only once.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS log (
          rev INTEGER PRIMARY KEY, key TEXT NOT NULL, type INTEGER NOT NULL, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS current (
          key TEXT PRIMARY KEY, rev INTEGER NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      `);
    } catch (err) {
      this.db.close();
      if (err instanceof Error && /locked|busy/i.test(err.message)) {
        throw new StorageLockedError(
          `${path} is in use by another local cluster; stop it or choose another data directory`,
        );
      }
      throw err;
    }
    const db = this.db;
    this.statements = {
      get: db.prepare<[string], StoredValue>('SELECT key, rev, value FROM current WHERE key = ?'),
      range: db.prepare<[string, string, number], StoredValue>(
        'SELECT key, rev, value FROM current WHERE key > ? AND key < ? ORDER BY key LIMIT ?',
      ),
      count: db.prepare<[string, string], { n: number }>(
        'SELECT count(*) AS n FROM current WHERE key > ? AND key < ?',
      ),
      appendLog: db.prepare('INSERT INTO log (rev, key, type, value) VALUES (?, ?, ?, ?)'),
      putCurrent: db.prepare('INSERT OR REPLACE INTO current (key, rev, value) VALUES (?, ?, ?)'),
      deleteCurrent: db.prepare('DELETE FROM current WHERE key = ?'),
      since: db.prepare<
        [number, string, string],
        { rev: number; key: string; type: number; value: string }
      >(
        'SELECT rev, key, type, value FROM log WHERE rev > ? AND key >= ? AND key < ? ORDER BY rev',
      ),
      compact: db.prepare('DELETE FROM log WHERE rev <= ?'),
      setMeta: db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)'),
      begin: db.prepare('BEGIN'),
      commit: db.prepare('COMMIT'),
    };
    this.inTransaction = db.transaction((run: () => unknown) => run());
    const meta = (name: string) =>
      (
        db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as
          { value: number } | undefined
      )?.value ?? 0;
    const newest = (db.prepare('SELECT max(rev) AS rev FROM log').get() as { rev: number | null })
      .rev;
    this.compacted = meta('compacted');
    this.revisionCounter = Math.max(newest ?? 0, this.compacted, meta('revision'));
  }

  /** The newest revision written. */
  get revision(): number {
    return this.revisionCounter;
  }

  /** The newest revision committed (below `revision` while a group commit is open). */
  get committedRevision(): number {
    return this.batch?.start ?? this.revisionCounter;
  }

  /** Revisions up to this one have been compacted away. */
  get compactedRevision(): number {
    return this.compacted;
  }

  get(key: string): StoredValue | undefined {
    return this.statements.get.get(key);
  }

  /** Live keys that start with `prefix`, in key order. */
  range(prefix: string, options: RangeOptions = {}): StoredValue[] {
    const from = options.after !== undefined && options.after > prefix ? options.after : prefix;
    return this.statements.range.all(from, prefix + rangeEnd, options.limit ?? -1);
  }

  /**
   * Every live key under `prefix`, read lazily (startup scans over many objects). No write may
   * happen on this store until the iteration is done.
   */
  *scan(prefix: string): Generator<StoredValue> {
    yield* this.statements.range.iterate(prefix, prefix + rangeEnd, -1);
  }

  count(prefix: string, after?: string): number {
    const from = after !== undefined && after > prefix ? after : prefix;
    return this.statements.count.get(from, prefix + rangeEnd)!.n;
  }

  /**
   * Runs `writes` in one transaction; everything it puts or deletes commits together or not at all.
   * Events reach listeners after the commit, in revision order. With group commit the transaction
   * is a savepoint in the turn's open batch, and the commit comes later (see `afterCommit`).
   */
  transaction<T>(writes: (tx: WriteTransaction) => T): T {
    if (this.options.groupCommit && !this.batch) this.openBatch();
    const pending = this.batch?.events ?? [];
    const written = pending.length;
    const start = this.revisionCounter;
    const tx: WriteTransaction = {
      put: (key, build, type = 'MODIFIED') => {
        const prev = type === 'ADDED' ? undefined : this.statements.get.get(key)?.value;
        const rev = ++this.revisionCounter;
        const value = build(rev);
        this.statements.appendLog.run(rev, key, eventCodes[type], value);
        this.statements.putCurrent.run(key, rev, value);
        const event: StoreEvent = { key, rev, value, type, prev };
        pending.push(event);
        return event;
      },
      delete: (key, build) => {
        const prev = this.statements.get.get(key)?.value;
        const rev = ++this.revisionCounter;
        const value = build(rev);
        this.statements.appendLog.run(rev, key, eventCodes.DELETED, value);
        this.statements.deleteCurrent.run(key);
        const event: StoreEvent = { key, rev, value, type: 'DELETED', prev };
        pending.push(event);
        return event;
      },
    };
    let result: T;
    try {
      result = this.inTransaction(() => writes(tx)) as T;
    } catch (err) {
      this.revisionCounter = start;
      pending.length = written;
      throw err;
    }
    if (!this.batch) this.tell(pending);
    return result;
  }

  /**
   * Calls `committed` once every write made so far is durable: at once when none waits, else after
   * the open batch commits; `failed` if that commit fails (its writes are then lost).
   */
  afterCommit(committed: () => void, failed: (err: unknown) => void): void {
    if (!this.batch) return committed();
    this.batch.committed.push(committed);
    this.batch.failed.push(failed);
  }

  /** Commits the open batch now (a watch starting, compaction, closing); nothing when none. */
  commit(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    try {
      this.statements.commit.run();
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.revisionCounter = batch.start;
      callEach(batch.failed, err);
      return;
    }
    this.tell(batch.events);
    callEach(batch.committed, undefined);
  }

  private openBatch(): void {
    this.statements.begin.run();
    this.batch = { start: this.revisionCounter, events: [], committed: [], failed: [] };
    setImmediate(() => this.commit());
  }

  private tell(events: StoreEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` with every event committed from now on; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The logged events after `rev` for keys under `prefix`, oldest first; undefined when `rev` is
   * older than the compacted revision (the events are gone).
   */
  eventsSince(rev: number, prefix: string): StoreEvent[] | undefined {
    if (rev < this.compacted) return undefined;
    return this.statements.since.all(rev, prefix, prefix + rangeEnd).map((row) => ({
      key: row.key,
      rev: row.rev,
      value: row.value,
      type: eventTypes[row.type]!,
    }));
  }

  /**
   * Drops the log up to `rev` (never past the newest revision), at most `chunk` revisions per
   * transaction; returns whether revisions up to `rev` are gone (false: call again).
   */
  compact(rev: number, chunk = Infinity): boolean {
    this.commit();
    const target = Math.min(rev, this.revisionCounter);
    if (target <= this.compacted) return true;
    const upTo = Math.min(target, this.compacted + chunk);
    this.inTransaction(() => {
      this.statements.compact.run(upTo);
      this.statements.setMeta.run('compacted', upTo);
      this.statements.setMeta.run('revision', this.revisionCounter);
    });
    this.compacted = upTo;
    return upTo === target;
  }

  /**
   * Compacts up to `rev` in chunks of `chunk` revisions with the event loop free in between, so
   * a big log never holds up requests; resolves when done (or the store closed).
   */
  async compactInChunks(rev: number, chunk = 2_000): Promise<void> {
    while (this.db.open && !this.compact(rev, chunk)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  close(): void {
    if (this.db.open) this.commit();
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }
}

/**
 * Calls every waiter, even when one throws: one failing answer must not hold up the others, nor
 * (from the commit's `setImmediate`) stop the server. A failure is logged.
 */
function callEach(waiters: ((arg: unknown) => void)[], arg: unknown): void {
  for (const waiter of waiters) {
    try {
      waiter(arg);
    } catch (err) {
      console.error('starling local: after a commit:', err);
    }
  }
}

export interface WriteTransaction {
  /** `ADDED` (a key the caller found empty: its previous value is not looked up) or `MODIFIED`. */
  put(key: string, build: ValueAtRevision, type?: 'ADDED' | 'MODIFIED'): StoreEvent;
  delete(key: string, build: ValueAtRevision): StoreEvent;
}
