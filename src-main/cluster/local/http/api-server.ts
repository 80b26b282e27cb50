import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServingCertificates } from '../certs';
import { MergeError } from '../merge/index';
import { ApiError, internalError, unauthorized } from '../api/status';
import type { ResourceCatalog } from '../api/resource-types';
import type { ObjectRegistry } from '../api/registry';
import type { WatchHub } from '../api/watch';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryWanted,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  groupsOf,
  serverVersion,
} from './discovery';
import { committedResponses } from './committed-response';
import type { OpenApiPublisher } from './openapi';
import { sendError, sendJson } from './request';
import { parseResourcePath, ResourceHandler } from './resource-handler';

const publicPaths = new Set(['/version', '/healthz', '/readyz', '/livez']);

export interface ApiServerParts {
  catalog: ResourceCatalog;
  registry: ObjectRegistry;
  watches: WatchHub;
  openapi: OpenApiPublisher;
  certificates: ServingCertificates;
  token: string;
}

/**
 * The HTTPS front of the local cluster: bearer-token authentication, discovery, OpenAPI, and
 * resource requests handed to the ResourceHandler. Every failure becomes a `Status`; nothing a
 * client sends can stop the server.
 */
export class ApiServer {
  private readonly server: Server;
  private readonly resources: ResourceHandler;
  private readonly token: Buffer;
  private address = '127.0.0.1:0';

  constructor(private readonly parts: ApiServerParts) {
    this.token = Buffer.from(parts.token);
    this.resources = new ResourceHandler(parts.registry, parts.watches);
    this.server = createServer(
      {
        cert: parts.certificates.certPem,
        key: parts.certificates.keyPem,
        ca: parts.certificates.caPem,
        ServerResponse: committedResponses(parts.registry.log),
      },
      (req, res) => void this.serve(req, res),
    );
    this.server.keepAliveTimeout = 65_000;
    // Answers are small: send them at once rather than waiting for the client's delayed ACK.
    this.server.on('secureConnection', (socket) => socket.setNoDelay(true));
  }

  listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const { port: bound } = this.server.address() as AddressInfo;
        this.address = `127.0.0.1:${bound}`;
        resolve(`https://${this.address}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /**
   * Serves one request that came without a socket (the in-process transport,
   * ../in-process.ts): the same authentication, routing and errors as over HTTPS. `res` must
   * hold its answer until the commit, as the server's CommittedResponse does.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return this.serve(req, res);
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return false;
    const given = Buffer.from(header.slice(7).trim());
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (!publicPaths.has(path.split('/').slice(0, 2).join('/')) && !this.authorized(req)) {
        throw unauthorized;
      }
      await this.route(req, res, path, url.searchParams);
    } catch (err) {
      if (err === unknownPath) {
        // What the API server's path multiplexer answers for a path no handler serves.
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('404 page not found\n');
        return;
      }
      const error = asApiError(err);
      if (error.code >= 500) console.error('starling local: internal error', err);
      sendError(res, error);
    }
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const { catalog } = this.parts;
    const segments = path.split('/').slice(1);
    const [top, second, third] = segments;
    switch (top) {
      case 'version':
        return sendJson(res, 200, serverVersion);
      case 'healthz':
      case 'readyz':
      case 'livez':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      case 'openapi':
        return this.parts.openapi.serve(req, res, segments.slice(1), query);
      case 'api': {
        if (second === undefined) return this.discovery(req, res, true);
        if (second !== 'v1') break;
        if (third === undefined) return sendJson(res, 200, apiResourceList(catalog, '', 'v1')!);
        return this.resource(req, res, '', 'v1', segments.slice(2), query);
      }
      case 'apis': {
        if (second === undefined) return this.discovery(req, res, false);
        if (third === undefined) {
          const group = groupsOf(catalog).find((g) => g.group === second);
          if (group) return sendJson(res, 200, apiGroup(group));
          break;
        }
        if (segments.length === 3) {
          const list = apiResourceList(catalog, second, third);
          if (list) return sendJson(res, 200, list);
          break;
        }
        return this.resource(req, res, second, third, segments.slice(3), query);
      }
    }
    if (top === 'api' || (top === 'apis' && groupsOf(catalog).some((g) => g.group === second))) {
      throw pageNotFound();
    }
    throw unknownPath;
  }

  private discovery(req: IncomingMessage, res: ServerResponse, core: boolean): void {
    const { catalog } = this.parts;
    const aggregated = aggregatedDiscoveryWanted(req.headers.accept);
    if (aggregated) {
      const apiVersion = `apidiscovery.k8s.io/${aggregated}`;
      return sendJson(
        res,
        200,
        aggregatedDiscovery(catalog, core, apiVersion),
        `application/json;g=apidiscovery.k8s.io;v=${aggregated};as=APIGroupDiscoveryList`,
      );
    }
    sendJson(res, 200, core ? apiVersions(this.address) : apiGroupList(catalog));
  }

  private resource(
    req: IncomingMessage,
    res: ServerResponse,
    group: string,
    version: string,
    segments: string[],
    query: URLSearchParams,
  ): Promise<void> {
    const path = parseResourcePath(this.parts.catalog, group, version, segments);
    if (!path) {
      if (group !== '' && !this.parts.catalog.all().some((t) => t.group === group)) {
        throw unknownPath;
      }
      throw pageNotFound();
    }
    return this.resources.handle(req, res, path, query);
  }
}

/** Errors of the merge algorithms carry a Status already; anything else is a 500. */
function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof MergeError)
    return new ApiError(err.code, err.reason, err.message, err.details);
  return internalError(err);
}

/** Thrown for a path outside every API group the server has: a plain-text 404. */
const unknownPath = new Error('404 page not found');

/** A path inside a known API (group) that names nothing in it. */
function pageNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}
