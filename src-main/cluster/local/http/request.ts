import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/status';
import { decodeProtobufObject } from './protobuf';

/** The largest request body the API server accepts (kube-apiserver's 3 MiB). */
export const maxBodyBytes = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        failed = true;
        reject(
          new ApiError(
            413,
            'RequestEntityTooLarge',
            `Request entity too large: limit is ${maxBodyBytes}`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

const acceptedBodyTypes = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
];

/** Decodes a create/update body: JSON or YAML, anything else is 415 as the API server says it. */
export function decodeObjectBody(req: IncomingMessage, body: Buffer): unknown {
  const type = mediaType(req);
  if (type === 'application/json' || type === '') return decodeJson(body);
  if (type === 'application/yaml') return decodeYaml(body);
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body);
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${acceptedBodyTypes.join(', ')}`,
  );
}

export function decodeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    const detail = err instanceof SyntaxError ? err.message : String(err);
    throw badRequest(
      `the request body is not valid JSON: ${detail}; send one JSON object (Content-Type: application/json)`,
    );
  }
}

export function decodeYaml(body: Buffer): unknown {
  try {
    return parseYaml(body.toString('utf8'), { uniqueKeys: true, strict: true });
  } catch (err) {
    const e = err as { message?: string; linePos?: { line: number; col: number }[] };
    const at = e.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}: ` : '';
    throw badRequest(
      `error converting YAML to JSON: yaml: ${where}${(e.message ?? String(err)).split('\n')[0]}`,
    );
  }
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: string | object,
  contentType = 'application/json',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.code, error.status);
}
