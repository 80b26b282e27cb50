/**
 * resourceVersions are opaque to clients, but every API server Starling talks to (etcd's revision,
 * the local cluster's SQLite revision) gives decimal integers that grow with every write. Where
 * both sides are such integers they are compared; anything else is never called older, so an
 * unusual server gets every event rather than losing some.
 */
export function compareResourceVersions(a: string, b: string): number | undefined {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * Whether a watch event should be dropped: it is older than the list the cache was built from
 * (a watch started from an earlier resourceVersion replays what the list already holds), or not
 * newer than what the cache already has for that object (a repeated event after a reconnect).
 * `cached` is the resourceVersion the cache holds for the event's object, if any.
 */
export function isStaleWatchEvent(
  type: WatchEventType,
  eventVersion: string,
  listVersion: string,
  cached: string | undefined,
): boolean {
  const vsList = compareResourceVersions(eventVersion, listVersion);
  if (vsList !== undefined && vsList <= 0) return true;
  if (cached === undefined) return false;
  const vsCached = compareResourceVersions(eventVersion, cached);
  if (vsCached === undefined) return false;
  // A deletion carries the object's last resourceVersion or a newer one; never an older one.
  return type === 'DELETED' ? vsCached < 0 : vsCached <= 0;
}
