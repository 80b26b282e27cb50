import type { IncomingMessage, ServerResponse } from 'node:http';
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import {
  unrecognized,
  type DecodingIssue,
  type FieldValidation,
  type RequestBody,
} from '../api/decoding';
import { goQuote, isPlainObject } from '../api/objects';
import type { ResourceType } from '../api/resource-types';
import { ApiError, badRequest } from '../api/status';
import { duplicateFields, goJsonSyntaxError } from './json-syntax';
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

/**
 * Decodes a create/update body (JSON, YAML or protobuf; anything else is 415 as the API server
 * says it) with the errors the API server gives for bodies it cannot read. Duplicate fields are
 * collected only when fieldValidation will look at them.
 */
export function decodeObjectBody(
  req: IncomingMessage,
  body: Buffer,
  type: ResourceType,
  validation: FieldValidation,
): RequestBody {
  const media = mediaType(req);
  const strict = validation !== 'Ignore';
  if (media === 'application/json' || media === '') {
    const value = parseJson(body, (why) =>
      unrecognized(
        type,
        { value: undefined, raw: body },
        `couldn't get version/kind; json parse error: ${why}`,
      ),
    );
    return { value, raw: body, issues: strict ? jsonDuplicates(body) : [] };
  }
  if (media === 'application/yaml') {
    const parsed = parseYamlBody(body, (why) =>
      unrecognized(type, { value: undefined, raw: body }, why),
    );
    return { ...parsed, raw: body };
  }
  if (media === 'application/vnd.kubernetes.protobuf') {
    return { value: decodeProtobufObject(body), raw: body };
  }
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${acceptedBodyTypes.join(', ')}`,
  );
}

/** A JSON, merge or strategic merge patch document. */
export function decodePatchBody(body: Buffer, validation: FieldValidation): RequestBody {
  const value = parseJson(body, () => badRequest('invalid JSON patch'));
  return { value, raw: body, issues: validation !== 'Ignore' ? jsonDuplicates(body) : [] };
}

/** A server-side apply patch (YAML, of which JSON is a part). */
export function decodeApplyBody(body: Buffer): RequestBody {
  const parsed = parseYamlBody(body, (why) => badRequest(`error encoding patch: ${why}`));
  if (!isPlainObject(parsed.value)) {
    const kind = Array.isArray(parsed.value)
      ? 'array'
      : typeof parsed.value === 'string'
        ? 'string'
        : parsed.value === null
          ? 'null'
          : typeof parsed.value === 'boolean'
            ? 'bool'
            : 'number';
    throw badRequest(
      `error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  return { ...parsed, raw: body };
}

export function decodeJson(body: Buffer): unknown {
  return parseJson(body, (why) => badRequest(`error decoding JSON: ${why}`));
}

function parseJson(body: Buffer, fail: (why: string) => ApiError): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw fail(goJsonSyntaxError(body) ?? 'unexpected end of JSON input');
  }
}

function jsonDuplicates(body: Buffer): DecodingIssue[] {
  return duplicateFields(body).map((d) => ({
    message: `duplicate field ${goQuote(d.path)}`,
    at: d.at,
  }));
}

/**
 * YAML as sigs.k8s.io/yaml reads it: duplicate keys allowed (the last wins) but reported, as one
 * strict error (`yaml: unmarshal errors:` and a line per key) or a warning per key.
 */
function parseYamlBody(
  body: Buffer,
  fail: (why: string) => ApiError,
): Pick<RequestBody, 'value' | 'issues' | 'issueWarnings'> {
  const text = body.toString('utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw fail(`yaml: line ${line}: ${what.charAt(0).toLowerCase()}${what.slice(1)}`);
  }
  const duplicates: string[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : String(pair.key);
        if (seen.has(key)) {
          const line = lines.linePos((pair.key as { range?: [number] }).range?.[0] ?? 0).line;
          duplicates.push(`line ${line}: key ${goQuote(String(key))} already set in map`);
        }
        seen.add(key);
      }
    },
  });
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (duplicates.length === 0) return { value, issues: [] };
  return {
    value,
    issues: [{ message: `yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`, at: -1 }],
    issueWarnings: duplicates,
  };
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
