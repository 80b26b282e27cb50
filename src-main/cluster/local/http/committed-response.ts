import { ServerResponse, type IncomingMessage } from 'node:http';
import type { RevisionLog } from '../storage/revision-log';

/**
 * The server's response class: an answer leaves only once every write it could have seen is
 * durable. With group commit a create returns before its batch commits, so its answer — and the
 * answer of any request that read it — waits for that commit; if the commit fails the connection
 * is dropped, and nothing was acknowledged.
 */
export function committedResponses(log: RevisionLog): typeof ServerResponse {
  return class CommittedResponse<
    Request extends IncomingMessage = IncomingMessage,
  > extends ServerResponse<Request> {
    override end(...args: unknown[]): this {
      log.afterCommit(
        () => (super.end as (...a: unknown[]) => this).apply(this, args),
        () => this.destroy(),
      );
      return this;
    }
  };
}
