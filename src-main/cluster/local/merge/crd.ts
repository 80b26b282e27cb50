/**
 * Validation of CustomResourceDefinitions (apiextensions.k8s.io/v1), as kube-apiserver's
 * apiextensions validation words it.
 *
 * The API server validates the internal form of a CRD, converted from v1: when every version has
 * the same schema (or subresources, or printer columns) the conversion lifts it to the spec, so
 * errors name `spec.validation.openAPIV3Schema…`, `spec.subresources…` and
 * `spec.additionalPrinterColumns…` then, and `spec.versions[i]…` otherwise. The rules:
 *
 * - metadata as ObjectMeta validation checks it (objectmeta.ts), the name `<plural>.<group>`;
 * - group (a DNS subdomain with a dot), scope, names (DNS-1035 labels, kind ≠ listKind, all four
 *   required), versions (unique DNS-1035 names, exactly one storage version, a schema each,
 *   deprecation warnings), conversion (None or Webhook and what Webhook needs), subresources
 *   (scale paths under .spec/.status), printer columns, preserveUnknownFields false;
 * - schemas must be structural: a type everywhere (or int-or-string / preserve-unknown-fields),
 *   items for arrays, nothing but name/generateName under root metadata, value validations
 *   (allOf/anyOf/oneOf/not) without types, defaults or x-kubernetes-* and only over specified
 *   fields, no additionalProperties at the root or beside properties; plus the OpenAPI subset
 *   (no $ref, id, definitions, dependencies, patternProperties, additionalItems, uniqueItems, null
 *   type, item arrays), the list-type and map-type rules, list-map keys required or defaulted;
 *   defaults must be valid against their schema and contain no unknown fields.
 *
 * Not covered: CEL rule compilation and cost (x-kubernetes-validations are only checked for
 * presence and shape), selectable field paths beyond their shape; on update, the relaxations the
 * API server grants a stored CRD that was itself invalid under today's schema rules (a CRD this
 * function accepted never needs them).
 */

import { goRegExp } from './go-regexp.js';
import type { FieldError } from './errors.js';
import { formatFieldError, formatFieldErrors } from './errors.js';
import {
  coerceEmbeddedMetadata,
  nameIsDnsSubdomain,
  validateEmbeddedResources,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta.js';
import type { NameValidator } from './objectmeta.js';
import { compareStrings, deepEqual, goJson, goJsonString, goQuote, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import type { JSONSchemaProps } from './schema.js';
import { validateDefaultValue } from './validate.js';
import { goParseRequestUri, goParseUrl } from './go-url.js';
import { Buffer } from 'node:buffer';
import { X509Certificate } from 'node:crypto';

const dns1035Fmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035 = new RegExp(`^${dns1035Fmt}$`);
const dns1123SubdomainFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const dns1123Subdomain = new RegExp(`^${dns1123SubdomainFmt}$`);

function dns1035Errors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1035.test(v)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '" +
        dns1035Fmt +
        "')",
    );
  }
  return errs;
}

function dns1123SubdomainErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!dns1123Subdomain.test(v)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" +
        dns1123SubdomainFmt +
        "')",
    );
  }
  return errs;
}

const invalid = (field: string, badValue: Json, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  badValue,
  detail,
});
const required = (field: string, detail = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  detail,
});
const forbidden = (field: string, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field,
  detail,
});
const notSupported = (field: string, badValue: Json, values: string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  badValue,
  detail: values.length ? `supported values: ${values.map((v) => goQuote(v)).join(', ')}` : '',
});

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');
const obj = (v: Json | undefined): JsonObject | undefined => (isObject(v) ? v : undefined);
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** The CRD in the shape the API server validates: shared version parts lifted to the spec. */
interface InternalView {
  versions: JsonObject[];
  validation?: JsonObject;
  subresources?: JsonObject;
  columns?: Json[];
}

function internalView(spec: JsonObject): InternalView {
  const versions = arr(spec['versions']).map((v) => ({ ...(obj(v) ?? {}) }));
  const view: InternalView = { versions };
  if (versions.length === 0) return view;
  const same = (key: string) =>
    versions.every((v) => deepEqual(v[key] ?? null, versions[0]![key] ?? null));
  if (same('schema')) {
    const s = obj(versions[0]!['schema']);
    if (s) view.validation = s;
    for (const v of versions) delete v['schema'];
  }
  if (same('subresources')) {
    const s = obj(versions[0]!['subresources']);
    if (s) view.subresources = s;
    for (const v of versions) delete v['subresources'];
  }
  if (same('additionalPrinterColumns')) {
    const c = arr(versions[0]!['additionalPrinterColumns']);
    if (c.length) view.columns = c;
    for (const v of versions) delete v['additionalPrinterColumns'];
  }
  return view;
}

/** The API server's validation options that depend on the stored CRD (update). */
interface Options {
  requireRecognizedReviewVersion: boolean;
  allowInvalidCABundle: boolean;
}

const established = (crd: JsonObject | undefined): boolean =>
  arr(obj(crd?.['status'])?.['conditions']).some(
    (c) => obj(c)?.['type'] === 'Established' && obj(c)?.['status'] === 'True',
  );

function updateOptions(old: JsonObject | undefined): Options {
  if (!old) return { requireRecognizedReviewVersion: true, allowInvalidCABundle: true };
  const conversion = obj(obj(old['spec'])?.['conversion']);
  const webhook = obj(conversion?.['webhook']);
  const reviewVersions = arr(webhook?.['conversionReviewVersions']).map(str);
  const oldBundle = str(obj(webhook?.['clientConfig'])?.['caBundle']);
  return {
    requireRecognizedReviewVersion:
      !conversion ||
      reviewVersions.length === 0 ||
      reviewVersions.some((v) => v === 'v1' || v === 'v1beta1'),
    allowInvalidCABundle:
      !established(old) || (oldBundle !== '' && caBundleErrors('caBundle', oldBundle).length > 0),
  };
}

/**
 * The errors the API server reports for a CustomResourceDefinition on create, or with `old` (the
 * stored CRD) on update: group and names.plural are immutable, and scope and names.kind too once
 * the old CRD is Established; conversion review versions and the webhook CA bundle are only
 * checked as strictly as the old CRD passes. Pass the CRD as the server validates it: decoded with
 * `decodeBuiltin` (defaults applied), status as the strategy prepares it — on create
 * `{storedVersions: [the storage version]}` (`{}` when no version is the storage version), on
 * update the old status with the storage version appended to storedVersions if missing.
 */
export function validateCrd(crd: JsonObject, old?: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const opts = updateOptions(old);
  const meta = obj(crd['metadata']) ?? {};
  const spec = obj(crd['spec']) ?? {};
  const names = obj(spec['names']) ?? {};
  const group = str(spec['group']);
  if (old) errs.push(...validateObjectMetaUpdate(meta, obj(old['metadata']) ?? {}));
  else {
    const expectedName = `${str(names['plural'])}.${group}`;
    const crdName: NameValidator = (name, prefix) => {
      const errors = nameIsDnsSubdomain(name, prefix);
      if (name !== expectedName) errors.push('must be spec.names.plural+"."+spec.group');
      return errors;
    };
    errs.push(...validateObjectMeta(meta, { namespaced: false, name: crdName }));
  }
  errs.push(...validateSpec(spec, opts));
  if (old) {
    const oldSpec = obj(old['spec']) ?? {};
    const oldNames = obj(oldSpec['names']) ?? {};
    const immutable = (path: string, now: string, before: string) => {
      if (now !== before) errs.push(invalid(path, now, 'field is immutable'));
    };
    if (established(old)) {
      immutable('spec.scope', str(spec['scope']), str(oldSpec['scope']));
      immutable('spec.names.kind', str(names['kind']), str(oldNames['kind']));
    }
    immutable('spec.group', group, str(oldSpec['group']));
    immutable('spec.names.plural', str(names['plural']), str(oldNames['plural']));
  }
  const status = obj(crd['status']) ?? {};
  errs.push(
    ...validateNames(obj(obj(crd['status'])?.['acceptedNames']) ?? {}, 'status.acceptedNames'),
  );
  errs.push(...validateStoredVersions(status, spec));
  errs.push(...validateApproval(crd, old));
  if (
    spec['preserveUnknownFields'] === true &&
    !(old && obj(old['spec'])?.['preserveUnknownFields'] === true)
  ) {
    errs.push(
      invalid(
        'spec.preserveUnknownFields',
        true,
        'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
      ),
    );
  }
  return errs;
}

/**
 * The errors of a write to a CRD's status subresource: its metadata as an update of the stored
 * CRD's (`old`), and status.acceptedNames.
 */
export function validateCrdStatus(crd: JsonObject, old: JsonObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(obj(crd['metadata']) ?? {}, obj(old['metadata']) ?? {}),
    ...validateNames(obj(obj(crd['status'])?.['acceptedNames']) ?? {}, 'status.acceptedNames'),
  ];
}

const approvalKey = 'api-approved.kubernetes.io';
const approvalPath = `metadata.annotations[${approvalKey}]`;

type Approval = 'invalid' | 'approved' | 'bypassed' | 'missing';

function approvalState(crd: JsonObject): [Approval, string] {
  const a = str(obj(obj(crd['metadata'])?.['annotations'])?.[approvalKey]);
  if (a === '')
    return [
      'missing',
      `protected groups must have approval annotation ${goQuote(approvalKey)}, see https://github.com/kubernetes/enhancements/pull/1111`,
    ];
  if (a.startsWith('unapproved')) return ['bypassed', `not approved: ${goQuote(a)}`];
  const u = goParseRequestUri(a);
  if (!('error' in u) && u.host !== '' && u.scheme !== '') return ['approved', `approved in ${a}`];
  return [
    'invalid',
    `protected groups must have approval annotation ${goQuote(approvalKey)} with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
  ];
}

/** Groups under k8s.io and kubernetes.io need the API approval annotation. */
function validateApproval(crd: JsonObject, old: JsonObject | undefined): FieldError[] {
  const group = str(obj(crd['spec'])?.['group']);
  const isProtected = ['k8s.io', 'kubernetes.io'].some(
    (g) => group === g || group.endsWith(`.${g}`),
  );
  if (!isProtected) return [];
  const [state, reason] = approvalState(crd);
  if (old && approvalState(old)[0] === state) return [];
  if (state === 'missing') return [required(approvalPath, reason)];
  if (state === 'invalid') {
    const value = str(obj(obj(crd['metadata'])?.['annotations'])?.[approvalKey]);
    return [invalid(approvalPath, value, reason)];
  }
  return [];
}

function validateStoredVersions(status: JsonObject, spec: JsonObject): FieldError[] {
  const stored = arr(status['storedVersions']).map(str);
  if (stored.length === 0) {
    // A Go nil slice (field absent or null) renders as null, an empty one as [].
    const bad = Array.isArray(status['storedVersions']) ? stored : null;
    return [invalid('status.storedVersions', bad, 'must have at least one stored version')];
  }
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const v of arr(spec['versions']).map((x) => obj(x) ?? {})) {
    const n = str(v['name']);
    if (v['storage'] === true && !remaining.has(n)) {
      errs.push(invalid('status.storedVersions', stored, `must have the storage version ${n}`));
    }
    remaining.delete(n);
  }
  for (const [v, i] of remaining) {
    errs.push(
      invalid(
        `status.storedVersions[${i}]`,
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  }
  return errs;
}

function validateNames(names: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const plural = str(names['plural']);
  const singular = str(names['singular']);
  const kind = str(names['kind']);
  const listKind = str(names['listKind']);
  const label = (field: string, value: string, errors: string[], prefix = '') => {
    if (value.length > 0 && errors.length > 0)
      errs.push(invalid(`${path}.${field}`, value, prefix + errors.join(',')));
  };
  label('plural', plural, dns1035Errors(plural));
  label('singular', singular, dns1035Errors(singular));
  label(
    'kind',
    kind,
    dns1035Errors(kind.toLowerCase()),
    'may have mixed case, but should otherwise match: ',
  );
  label(
    'listKind',
    listKind,
    dns1035Errors(listKind.toLowerCase()),
    'may have mixed case, but should otherwise match: ',
  );
  arr(names['shortNames']).forEach((s, i) => {
    const e = dns1035Errors(str(s));
    if (e.length) errs.push(invalid(`${path}.shortNames[${i}]`, str(s), e.join(',')));
  });
  if (kind.length > 0 && kind === listKind)
    errs.push(invalid(`${path}.listKind`, listKind, 'kind and listKind may not be the same'));
  arr(names['categories']).forEach((c, i) => {
    const e = dns1035Errors(str(c));
    if (e.length) errs.push(invalid(`${path}.categories[${i}]`, str(c), e.join(',')));
  });
  return errs;
}

const printerColumnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = [
  'byte',
  'date',
  'date-time',
  'double',
  'float',
  'int32',
  'int64',
  'password',
];

function validateColumn(col: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(col['name'])) errs.push(required(`${path}.name`));
  const type = str(col['type']);
  if (!type) errs.push(required(`${path}.type`, `must be one of ${printerColumnTypes.join(',')}`));
  else if (!printerColumnTypes.includes(type))
    errs.push(invalid(`${path}.type`, type, `must be one of ${printerColumnTypes.join(',')}`));
  const format = str(col['format']);
  if (format && !columnFormats.includes(format))
    errs.push(invalid(`${path}.format`, format, `must be one of ${columnFormats.join(',')}`));
  const jsonPath = str(col['jsonPath']);
  if (!jsonPath) errs.push(required(`${path}.JSONPath`));
  else errs.push(...simpleJsonPath(jsonPath, `${path}.JSONPath`));
  return errs;
}

function simpleJsonPath(s: string, path: string): FieldError[] {
  if (s.length === 0) return [invalid(path, s, 'must not be empty')];
  if (s[0] !== '.') return [invalid(path, s, 'must be a simple json path starting with .')];
  return [];
}

function validateSubresources(sub: JsonObject | undefined, path: string): FieldError[] {
  const scale = obj(sub?.['scale']);
  if (!scale) return [];
  const errs: FieldError[] = [];
  const check = (key: string, prefixes: string[], under: string) => {
    const v = str(scale[key]);
    const p = `${path}.scale.${key}`;
    if (!v) {
      if (key !== 'labelSelectorPath') errs.push(required(p));
      return;
    }
    const e = simpleJsonPath(v, p);
    if (e.length) errs.push(...e);
    else if (!prefixes.some((x) => v.startsWith(x)))
      errs.push(invalid(p, v, `should be a json path under ${under}`));
  };
  check('specReplicasPath', ['.spec.'], '.spec');
  check('statusReplicasPath', ['.status.'], '.status');
  check('labelSelectorPath', ['.spec.', '.status.'], 'either .spec or .status');
  return errs;
}

function validateConversion(
  conversion: JsonObject | undefined,
  path: string,
  opts: Options,
): FieldError[] {
  if (!conversion) return [];
  const errs: FieldError[] = [];
  const strategy = str(conversion['strategy']);
  if (!strategy) errs.push(required(`${path}.strategy`));
  else if (strategy !== 'None' && strategy !== 'Webhook')
    errs.push(notSupported(`${path}.strategy`, strategy, ['None', 'Webhook']));
  const webhook = obj(conversion['webhook']);
  const client = obj(webhook?.['clientConfig']);
  const reviewVersions = arr(webhook?.['conversionReviewVersions']).map(str);
  if (strategy === 'Webhook') {
    if (!client)
      errs.push(
        required(`${path}.webhookClientConfig`, 'required when strategy is set to Webhook'),
      );
    else {
      const cc = `${path}.webhookClientConfig`;
      const url = client['url'];
      const service = obj(client['service']);
      if ((url === undefined || url === null) === !service)
        errs.push(required(cc, 'exactly one of url or service is required'));
      else if (typeof url === 'string') errs.push(...webhookUrlErrors(`${cc}.url`, url));
      else if (service) {
        // The API server passes the service's name as the namespace and vice versa.
        errs.push(
          ...webhookServiceErrors(
            `${cc}.service`,
            str(service['name']),
            str(service['namespace']),
            service['path'],
            service['port'],
          ),
        );
      }
      const bundle = str(client['caBundle']);
      if (bundle !== '' && !opts.allowInvalidCABundle)
        errs.push(...caBundleErrors(`${cc}.caBundle`, bundle));
    }
    const p = `${path}.conversionReviewVersions`;
    if (reviewVersions.length < 1) errs.push(required(p));
    else {
      const seen = new Set<string>();
      let accepted = false;
      reviewVersions.forEach((v, i) => {
        if (seen.has(v)) {
          errs.push(invalid(`${p}[${i}]`, v, 'duplicate version'));
          return;
        }
        seen.add(v);
        for (const e of dns1035Errors(v)) errs.push(invalid(`${p}[${i}]`, v, e));
        if (v === 'v1' || v === 'v1beta1') accepted = true;
      });
      if (!accepted && opts.requireRecognizedReviewVersion)
        errs.push(invalid(p, reviewVersions, 'must include at least one of v1, v1beta1'));
    }
  } else {
    if (client)
      errs.push(
        forbidden(
          `${path}.webhookClientConfig`,
          'should not be set when strategy is not set to Webhook',
        ),
      );
    if (reviewVersions.length > 0) {
      errs.push(
        forbidden(
          `${path}.conversionReviewVersions`,
          'should not be set when strategy is not set to Webhook',
        ),
      );
    }
  }
  return errs;
}

const urlForm = '; desired format: https://host[/path]';

/** apiserver's webhook.ValidateWebhookURL with https required. */
function webhookUrlErrors(path: string, raw: string): FieldError[] {
  const u = goParseUrl(raw);
  if ('error' in u) return [required(path, `url must be a valid URL: ${u.error}${urlForm}`)];
  const errs: FieldError[] = [];
  if (u.scheme !== 'https')
    errs.push(invalid(path, u.scheme, `'https' is the only allowed URL scheme${urlForm}`));
  if (u.host === '') errs.push(invalid(path, u.host, `host must be specified${urlForm}`));
  if (u.user !== undefined)
    errs.push(invalid(path, u.user, 'user information is not permitted in the URL'));
  if (u.fragment !== '')
    errs.push(invalid(path, u.fragment, 'fragments are not permitted in the URL'));
  if (u.rawQuery !== '')
    errs.push(invalid(path, u.rawQuery, 'query parameters are not permitted in the URL'));
  return errs;
}

/** apiserver's webhook.ValidateWebhookService(path, namespace, name, path, port). */
function webhookServiceErrors(
  path: string,
  namespace: string,
  name: string,
  urlPath: Json | undefined,
  port: Json | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  if (name === '') errs.push(required(`${path}.name`));
  if (namespace === '') errs.push(required(`${path}.namespace`));
  const p = typeof port === 'number' ? port : 0;
  if (p < 1 || p > 65535)
    errs.push(
      invalid(`${path}.port`, p, 'port is not valid: must be between 1 and 65535, inclusive'),
    );
  if (typeof urlPath !== 'string' || urlPath === '/' || urlPath === '') return errs;
  const pp = `${path}.path`;
  if (urlPath === '//') return [...errs, invalid(pp, urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/')) errs.push(invalid(pp, urlPath, "must start with a '/'"));
  let check = urlPath.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (step === '') {
      errs.push(invalid(pp, urlPath, `segment[${i}] may not be empty`));
      return;
    }
    for (const e of dns1123SubdomainErrors(step))
      errs.push(invalid(pp, urlPath, `segment[${i}]: ${e}`));
  });
  return errs;
}

/**
 * apiserver's webhook.ValidateCABundle: the bundle must hold a PEM certificate Go can parse.
 * Approximation: PEM blocks are found with a regular expression, and a certificate Node cannot
 * parse is reported as Go's `x509: malformed certificate`.
 */
function caBundleErrors(path: string, base64: string): FieldError[] {
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('latin1');
  const block =
    /(?:^|\n)-----BEGIN ([^\n]*)-----[ \t\r]*\n((?:[^\n]*:[^\n]*\n)*)\r?\n?([A-Za-z0-9+/=\s]*?)\n?-----END \1-----[ \t\r]*(?:\n|$)/y;
  const blocks: { type: string; headers: boolean; der: Buffer; end: number }[] = [];
  let rest = 0;
  for (;;) {
    const start = text.indexOf('-----BEGIN ', rest);
    if (start < 0) break;
    block.lastIndex = start > 0 && text[start - 1] === '\n' ? start - 1 : start;
    const m = block.exec(text);
    if (!m) {
      rest = start + 1;
      continue;
    }
    blocks.push({
      type: m[1]!,
      headers: m[2]!.length > 0,
      der: Buffer.from(m[3]!.replace(/\s/g, ''), 'base64'),
      end: block.lastIndex,
    });
    rest = block.lastIndex;
  }
  const parses = (der: Buffer): boolean => {
    try {
      new X509Certificate(der);
      return true;
    } catch {
      return false;
    }
  };
  if (blocks.some((b) => b.type === 'CERTIFICATE' && !b.headers && parses(b.der))) return [];
  // The walk of client-go's createErrorParsingCAData: certificates that do not parse, then bytes
  // after the last block.
  let message = 'no valid certificate authority data seen';
  if (blocks.some((b) => b.type === 'CERTIFICATE' && !b.headers))
    message = 'failed to parse certificate: x509: malformed certificate';
  else if (text.length > (blocks.at(-1)?.end ?? 0)) message = 'unable to parse bytes as PEM block';
  return [invalid(path, bytes.toString('base64'), `unable to load root certificates: ${message}`)];
}

function validateSpec(spec: JsonObject, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  const group = str(spec['group']);
  if (!group) errs.push(required('spec.group'));
  else {
    const e = dns1123SubdomainErrors(group);
    if (e.length) errs.push(invalid('spec.group', group, e.join(',')));
    else if (group.split('.').length < 2)
      errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = str(spec['scope']);
  if (!scope) errs.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));

  const view = internalView(spec);
  const schemaOf = (holder: JsonObject | undefined) =>
    obj(obj(holder)?.['openAPIV3Schema']) as JSONSchemaProps | undefined;
  if (!schemaOf(view.validation)) {
    view.versions.forEach((v, i) => {
      if (!schemaOf(obj(v['schema'])))
        errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`));
    });
  }
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  const anyStatus =
    view.subresources?.['status'] !== undefined ||
    view.versions.some((v) => obj(v['subresources'])?.['status'] !== undefined);
  view.versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    if (v['storage'] === true) storage++;
    const n = str(v['name']);
    if (seen.has(n)) unique = false;
    else seen.add(n);
    const e = dns1035Errors(n);
    if (e.length) errs.push(invalid(`${path}.name`, n, e.join(',')));
    const statusEnabled =
      obj(obj(v['subresources']) ?? view.subresources)?.['status'] !== undefined;
    errs.push(...validateDeprecation(v, path));
    errs.push(...validateSchema(obj(v['schema']), statusEnabled, `${path}.schema`));
    errs.push(...validateSubresources(obj(v['subresources']), `${path}.subresources`));
    arr(v['additionalPrinterColumns']).forEach((c, j) =>
      errs.push(...validateColumn(obj(c) ?? {}, `${path}.additionalPrinterColumns[${j}]`)),
    );
  });
  const versionsValue = renderVersions(view.versions);
  if (!unique)
    errs.push({
      ...invalid('spec.versions', null, 'must contain unique version names'),
      renderedValue: versionsValue,
    });
  // The internal form also has spec.version, the first version's name.
  if (view.versions.length > 0) {
    const first = str(view.versions[0]!['name']);
    const e = dns1035Errors(first);
    if (first.length > 0 && e.length) errs.push(invalid('spec.version', first, e.join(',')));
  }
  if (storage !== 1) {
    errs.push({
      ...invalid('spec.versions', null, 'must have exactly one version marked as storage version'),
      renderedValue: versionsValue,
    });
  }
  const names = obj(spec['names']) ?? {};
  for (const k of ['plural', 'singular', 'kind', 'listKind']) {
    if (!str(names[k])) errs.push(required(`spec.names.${k}`));
  }
  errs.push(...validateNames(names, 'spec.names'));
  errs.push(...validateSchema(view.validation, anyStatus, 'spec.validation'));
  errs.push(...validateSubresources(view.subresources, 'spec.subresources'));
  (view.columns ?? []).forEach((c, j) =>
    errs.push(...validateColumn(obj(c) ?? {}, `spec.additionalPrinterColumns[${j}]`)),
  );
  errs.push(...validateConversion(obj(spec['conversion']), 'spec.conversion', opts));
  return errs;
}

function validateDeprecation(v: JsonObject, path: string): FieldError[] {
  const warning = v['deprecationWarning'];
  if (warning === undefined || warning === null) return [];
  const p = `${path}.deprecationWarning`;
  if (v['deprecated'] !== true)
    return [invalid(p, warning, 'can only be set for deprecated versions')];
  const s = str(warning);
  const errs: FieldError[] = [];
  if (s.length > 256) errs.push(invalid(p, s, 'must be <= 256 characters long'));
  if (s.length === 0) errs.push(invalid(p, s, 'must not be an empty string'));
  return errs;
}

// --- Schemas ------------------------------------------------------------------------------------

const allowedAtRoot = new Set([
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'externalDocs',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);

/** JSONSchemaProps fields that are plain Go strings and bools (no pointer: '' and false unset). */
const plainStringFields = new Set([
  'id',
  '$schema',
  'description',
  'type',
  'format',
  'title',
  'pattern',
]);
const plainBoolFields = new Set([
  'nullable',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'uniqueItems',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
]);

function validateSchema(
  holder: JsonObject | undefined,
  statusEnabled: boolean,
  path: string,
): FieldError[] {
  const schema = obj(holder?.['openAPIV3Schema']) as JSONSchemaProps | undefined;
  if (!schema) return [];
  const errs: FieldError[] = [];
  const root = `${path}.openAPIV3Schema`;
  if (statusEnabled) {
    for (const [k, v] of Object.entries(schema)) {
      // Go's zero values: null everywhere, '' and false in the plain (non-pointer) fields. An
      // empty list or map, a 0 or a false behind a pointer is set.
      if (v === undefined || v === null) continue;
      if ((v === '' && plainStringFields.has(k)) || (v === false && plainBoolFields.has(k)))
        continue;
      if (k === 'type') {
        if (v !== 'object') {
          errs.push(
            invalid(
              `${root}.type`,
              v as Json,
              'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
            ),
          );
          break;
        }
        continue;
      }
      if (!allowedAtRoot.has(k)) {
        errs.push({
          ...invalid(
            root,
            null,
            'only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled',
          ),
          renderedValue: renderSchema(schema),
        });
        break;
      }
    }
  }
  if (schema.nullable)
    errs.push(forbidden(`${root}.nullable`, 'nullable cannot be true at the root'));
  const structural = structuralErrors(schema, root);
  if (structural.length > 0) errs.push(...structural);
  else errs.push(...defaultErrors(schema, root));
  errs.push(
    ...openAPIErrors(schema, root, { allowDefaults: true, reason: '', insideMeta: false }, true),
  );
  return errs;
}

interface Ssv {
  allowDefaults: boolean;
  reason: string;
  insideMeta: boolean;
}

const openapiTypes = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const metaFields = new Set(['metadata', 'kind', 'apiVersion']);

function openAPIErrors(s: JSONSchemaProps, path: string, ssv: Ssv, isRoot: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const raw = s as unknown as JsonObject;
  if (s.type && !openapiTypes.includes(s.type))
    errs.push(notSupported(`${path}.type`, s.type, openapiTypes));
  if (s.default !== undefined && !ssv.allowDefaults) {
    errs.push(forbidden(`${path}.default`, `must not be set${ssv.reason ? ` ${ssv.reason}` : ''}`));
  }
  if (raw['id']) errs.push(forbidden(`${path}.id`, 'id is not supported'));
  if (raw['additionalItems'] !== undefined)
    errs.push(forbidden(`${path}.additionalItems`, 'additionalItems is not supported'));
  if (isObject(raw['patternProperties']) && Object.keys(raw['patternProperties']).length) {
    errs.push(forbidden(`${path}.patternProperties`, 'patternProperties is not supported'));
  }
  if (isObject(raw['definitions']) && Object.keys(raw['definitions']).length) {
    errs.push(forbidden(`${path}.definitions`, 'definitions is not supported'));
  }
  if (raw['dependencies'] !== undefined)
    errs.push(forbidden(`${path}.dependencies`, 'dependencies is not supported'));
  if (raw['$ref'] !== undefined) errs.push(forbidden(`${path}.$ref`, '$ref is not supported'));
  if ((s.type as string) === 'null')
    errs.push(
      forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'),
    );
  if (Array.isArray(raw['items']) && raw['items'].length) {
    errs.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  }
  if (ssv.insideMeta && s['x-kubernetes-embedded-resource']) {
    errs.push(
      forbidden(
        `${path}.x-kubernetes-embedded-resource`,
        'must not be used inside of resource meta',
      ),
    );
  }
  if (s.uniqueItems)
    errs.push(
      forbidden(
        `${path}.uniqueItems`,
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  if (s.additionalProperties !== undefined && s.properties && Object.keys(s.properties).length) {
    if (s.additionalProperties === false || typeof s.additionalProperties === 'object') {
      errs.push(
        forbidden(
          `${path}.additionalProperties`,
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    }
  }
  if (typeof s.additionalProperties === 'object') {
    const sub = ssv.insideMeta
      ? {
          ...ssv,
          allowDefaults: false,
          reason: 'inside additionalProperties applying to object metadata',
        }
      : ssv;
    errs.push(...openAPIErrors(s.additionalProperties, `${path}.additionalProperties`, sub, false));
  }
  for (const [k, p] of Object.entries(s.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    let sub = ssv;
    if ((isRoot || s['x-kubernetes-embedded-resource']) && metaFields.has(k)) {
      sub = { ...sub, insideMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, reason: `in top-level ${k}` };
    }
    errs.push(...openAPIErrors(p, `${path}.properties[${k}]`, sub, false));
  }
  if (s.not) errs.push(...openAPIErrors(s.not, `${path}.not`, ssv, false));
  (['allOf', 'oneOf', 'anyOf'] as const).forEach((key) =>
    (s[key] ?? []).forEach((x, i) =>
      errs.push(...openAPIErrors(x, `${path}.${key}[${i}]`, ssv, false)),
    ),
  );
  if (s.items && !Array.isArray(s.items))
    errs.push(...openAPIErrors(s.items, `${path}.items`, ssv, false));
  const preserve = raw['x-kubernetes-preserve-unknown-fields'];
  if (preserve === false)
    errs.push(
      invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'),
    );
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && s.type !== 'object') {
    if (!s.type)
      errs.push(required(`${path}.type`, 'must be object if x-kubernetes-map-type is specified'));
    else
      errs.push(
        invalid(`${path}.type`, s.type, 'must be object if x-kubernetes-map-type is specified'),
      );
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  }
  const listType = s['x-kubernetes-list-type'];
  if (listType !== undefined && s.type !== 'array') {
    if (!s.type)
      errs.push(required(`${path}.type`, 'must be array if x-kubernetes-list-type is specified'));
    else
      errs.push(
        invalid(`${path}.type`, s.type, 'must be array if x-kubernetes-list-type is specified'),
      );
  } else if (listType === 'set' && s.items && !Array.isArray(s.items)) {
    const is = s.items;
    if (
      is.type === 'array' &&
      is['x-kubernetes-list-type'] !== undefined &&
      is['x-kubernetes-list-type'] !== 'atomic'
    ) {
      errs.push(
        invalid(
          `${path}.items.x-kubernetes-list-type`,
          is['x-kubernetes-list-type'],
          'must be atomic as item of a list with x-kubernetes-list-type=set',
        ),
      );
    } else if (is.type === 'object' && is['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(
        invalid(
          `${path}.items.x-kubernetes-map-type`,
          is['x-kubernetes-list-type'] ?? null,
          'must be atomic as item of a list with x-kubernetes-list-type=set',
        ),
      );
    }
  }
  if (listType !== undefined && listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
    errs.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
  }
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (keys.length > 0) {
    if (listType === undefined)
      errs.push(
        required(
          `${path}.x-kubernetes-list-type`,
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
    else if (listType !== 'map')
      errs.push(
        invalid(
          `${path}.x-kubernetes-list-type`,
          listType,
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
  }
  if (listType === 'map') {
    if (keys.length === 0)
      errs.push(
        required(
          `${path}.x-kubernetes-list-map-keys`,
          'must not be empty if x-kubernetes-list-type is map',
        ),
      );
    if (!s.items)
      errs.push(required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
    else if (s.items.type !== 'object') {
      errs.push(
        invalid(
          `${path}.items.type`,
          s.items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    } else {
      const seen = new Set<string>();
      for (const k of keys) {
        const p = s.items.properties?.[k];
        if (p) {
          if (p.type === 'array' || p.type === 'object') {
            errs.push(
              invalid(
                `${path}.items.properties[${k}].type`,
                s.items.type,
                "must be a scalar type if parent array's x-kubernetes-list-type is map",
              ),
            );
          }
        } else
          errs.push(
            invalid(
              `${path}.x-kubernetes-list-map-keys`,
              keys,
              'entries must all be names of item properties',
            ),
          );
        if (seen.has(k))
          errs.push(
            invalid(
              `${path}.x-kubernetes-list-map-keys`,
              keys,
              'must not contain duplicate entries',
            ),
          );
        seen.add(k);
      }
    }
  }
  if ((listType === 'set' || listType === 'map') && s.items) {
    if (s.items.nullable)
      errs.push(
        forbidden(
          `${path}.items.nullable`,
          `cannot be nullable when x-kubernetes-list-type is ${listType}`,
        ),
      );
    if (listType === 'map') {
      const req = new Set(s.items.required ?? []);
      for (const k of keys) {
        const p = s.items.properties?.[k];
        if (!p) continue;
        if (!req.has(k) && p.default === undefined) {
          errs.push(
            required(
              `${path}.items.properties[${k}].default`,
              'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
            ),
          );
        }
        if (p.nullable)
          errs.push(
            forbidden(
              `${path}.items.properties[${k}].nullable`,
              'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
            ),
          );
      }
    }
  }
  arr(raw['x-kubernetes-validations']).forEach((r, i) => {
    const rule = obj(r) ?? {};
    const p = `${path}.x-kubernetes-validations[${i}]`;
    const text = str(rule['rule']).trim();
    const message = str(rule['message']);
    if (!text) errs.push(required(`${p}.rule`, 'rule is not specified'));
    else if (message.length > 0 && message.trim().length === 0)
      errs.push(invalid(`${p}.message`, message, 'must be non-empty if specified'));
    else if (/[\n\r]/.test(message.trim()))
      errs.push(invalid(`${p}.message`, message, 'must not contain line breaks'));
    else if (/[\n\r]/.test(text) && message.trim().length === 0) {
      errs.push(required(`${p}.message`, 'message must be specified if rule contains line breaks'));
    }
  });
  return errs;
}

// --- Structural schemas ---------------------------------------------------------------------------

type Level = 'root' | 'item' | 'field';

const nestedForbidden: [keyof JSONSchemaProps, string][] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

function isIntOrStringAnyOf(list: JSONSchemaProps[] | undefined): boolean {
  return (
    list?.length === 2 &&
    deepEqual(list[0] as unknown as Json, { type: 'integer' }) &&
    deepEqual(list[1] as unknown as Json, { type: 'string' })
  );
}

function set(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

function nestedErrors(
  v: JSONSchemaProps | undefined,
  path: string,
  skipAnyOf: boolean,
  out: FieldError[],
): void {
  if (!v) return;
  valueValidationErrors(v, path, skipAnyOf, false, out);
  if (v.items) nestedErrors(v.items, `${path}.items`, false, out);
  for (const [k, f] of Object.entries(v.properties ?? {}))
    nestedErrors(f, `${path}.properties[${k}]`, false, out);
  for (const [key, detail] of nestedForbidden) {
    if (key === 'nullable' ? v.nullable === true : set(v[key]))
      out.push(forbidden(`${path}.${key}`, detail));
  }
  if (v.properties && 'metadata' in v.properties) {
    out.push(
      forbidden(`${path}.properties[metadata]`, 'must not be specified in a nested context'),
    );
  }
}

function valueValidationErrors(
  s: JSONSchemaProps,
  path: string,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  out: FieldError[],
): void {
  if (!skipAnyOf)
    (s.anyOf ?? []).forEach((x, i) => nestedErrors(x, `${path}.anyOf[${i}]`, false, out));
  (s.allOf ?? []).forEach((x, i) =>
    nestedErrors(x, `${path}.allOf[${i}]`, skipFirstAllOfAnyOf && i === 0, out),
  );
  (s.oneOf ?? []).forEach((x, i) => nestedErrors(x, `${path}.oneOf[${i}]`, false, out));
  nestedErrors(s.not, `${path}.not`, false, out);
  if (s.pattern) {
    try {
      goRegExp(s.pattern);
    } catch (err) {
      out.push(
        invalid(
          `${path}.pattern`,
          s.pattern,
          `must be a valid regular expression, but isn't: ${goRegexpError(s.pattern, err as Error)}`,
        ),
      );
    }
  }
}

function invariants(
  s: JSONSchemaProps | undefined,
  level: Level,
  path: string,
  out: FieldError[],
): void {
  if (!s) return;
  if (s.type === 'array' && !s.items) out.push(required(`${path}.items`, 'must be specified'));
  if (s.items && !Array.isArray(s.items)) invariants(s.items, 'item', `${path}.items`, out);
  for (const [k, v] of Object.entries(s.properties ?? {}))
    invariants(v, 'field', `${path}.properties[${k}]`, out);
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (level === 'root')
      out.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    if (typeof s.additionalProperties === 'object')
      invariants(s.additionalProperties, 'field', `${path}.additionalProperties`, out);
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve)
    out.push(
      invalid(
        `${path}.x-kubernetes-preserve-unknown-fields`,
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  if (intOrString && embedded)
    out.push(
      invalid(
        `${path}.x-kubernetes-embedded-resource`,
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  const skipAnyOf = isIntOrStringAnyOf(s.anyOf);
  const skipFirstAllOf = (s.allOf?.length ?? 0) >= 1 && isIntOrStringAnyOf(s.allOf![0]!.anyOf);
  valueValidationErrors(s, path, skipAnyOf, skipFirstAllOf, out);
  const checkMetadata = level === 'root' || embedded;
  if (embedded && s.type !== 'object') {
    if (!s.type)
      out.push(
        required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'),
      );
    else
      out.push(
        invalid(`${path}.type`, s.type, 'must be object if x-kubernetes-embedded-resource is true'),
      );
  } else if (!s.type && !intOrString && !preserve) {
    const detail = {
      root: 'must not be empty at the root',
      item: 'must not be empty for specified array items',
      field: 'must not be empty for specified object fields',
    }[level];
    out.push(required(`${path}.type`, detail));
  }
  if (embedded && s.additionalProperties !== undefined && s.additionalProperties !== null) {
    out.push(
      forbidden(
        `${path}.additionalProperties`,
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  }
  if (level === 'root' && s.type && s.type !== 'object')
    out.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  for (const k of ['kind', 'apiVersion']) {
    const p = s.properties?.[k];
    if (p && checkMetadata && p.type !== 'string')
      out.push(invalid(`${path}.properties[${k}].type`, p.type ?? '', 'must be string'));
  }
  const metadata = s.properties?.['metadata'];
  if (metadata) {
    const mp = `${path}.properties[metadata]`;
    if (checkMetadata && metadata.type !== 'object')
      out.push(invalid(`${mp}.type`, metadata.type ?? '', 'must be object'));
    if (level === 'root') {
      const rest: JsonObject = { ...(metadata as unknown as JsonObject) };
      delete rest['type'];
      delete rest['default'];
      const props = Object.keys(metadata.properties ?? {});
      const onlyNames = props.every((k) => k === 'name' || k === 'generateName');
      if (onlyNames) delete rest['properties'];
      if (Object.values(rest).some((v) => set(v))) {
        out.push(
          forbidden(
            mp,
            'must not specify anything other than name and generateName, but metadata is implicitly specified',
          ),
        );
      }
    }
  }
  if (embedded && !preserve && Object.keys(s.properties ?? {}).length === 0) {
    out.push(
      required(
        `${path}.properties`,
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
}

function completeness(s: JSONSchemaProps, path: string, out: FieldError[]): void {
  const check = (
    v: JSONSchemaProps | undefined,
    st: JSONSchemaProps | undefined,
    sPath: string,
    vPath: string,
  ): void => {
    if (!v) return;
    if (!st) {
      out.push(required(sPath, `because it is defined in ${vPath}`));
      return;
    }
    fromValueValidation(v, st, sPath, vPath);
    check(v.items, st.items, `${sPath}.items`, `${vPath}.items`);
    for (const [k, f] of Object.entries(v.properties ?? {})) {
      const sf = st.properties?.[k];
      if (!sf)
        out.push(
          required(
            `${sPath}.properties[${k}]`,
            `because it is defined in ${vPath}.properties[${k}]`,
          ),
        );
      else check(f, sf, `${sPath}.properties[${k}]`, `${vPath}.properties[${k}]`);
    }
  };
  const fromValueValidation = (
    v: JSONSchemaProps,
    st: JSONSchemaProps,
    sPath: string,
    vPath: string,
  ): void => {
    check(v.not, st, sPath, `${vPath}.not`);
    (v.allOf ?? []).forEach((x, i) => check(x, st, sPath, `${vPath}.allOf[${i}]`));
    (v.anyOf ?? []).forEach((x, i) => check(x, st, sPath, `${vPath}.anyOf[${i}]`));
    (v.oneOf ?? []).forEach((x, i) => check(x, st, sPath, `${vPath}.oneOf[${i}]`));
  };
  // Only the root's value validations are checked (as the API server does).
  fromValueValidation(s, s, path, path);
}

function structuralErrors(schema: JSONSchemaProps, path: string): FieldError[] {
  const out: FieldError[] = [];
  invariants(schema, 'root', path, out);
  completeness(schema, path, out);
  const text = (e: FieldError) => `${e.field}: ${e.detail}`;
  return out.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

// --- Defaults -------------------------------------------------------------------------------------

/**
 * Where a default sits, as the API server rebuilds it for metadata checks: the nearest embedded
 * resource (or the root) and the object around the default, up to that resource.
 */
interface DefaultContext {
  resource: JSONSchemaProps;
  surround: (x: Json) => Json;
  insideMeta: boolean;
}

/** A resource's surroundings: the object itself, with a kind and apiVersion if it has none. */
const resourceSurround = (x: Json): Json =>
  isObject(x) ? { kind: 'Validation', apiVersion: 'validation/v1', ...x } : x;

/** The errors of every default in a (structural) schema, the resource root's first. */
function defaultErrors(schema: JSONSchemaProps, path: string): FieldError[] {
  const root = schema['x-kubernetes-embedded-resource']
    ? schema
    : { ...schema, 'x-kubernetes-embedded-resource': true };
  const errs: FieldError[] = [];
  collectDefaultErrors(
    root,
    path,
    { resource: root, surround: resourceSurround, insideMeta: false },
    errs,
  );
  return errs;
}

function collectDefaultErrors(
  s: JSONSchemaProps,
  path: string,
  ctx: DefaultContext,
  errs: FieldError[],
): void {
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded) ctx = { resource: s, surround: resourceSurround, insideMeta: false };
  if (s.default !== undefined && s.default !== null) {
    errs.push(...defaultValueErrors(s, `${path}.default`, ctx));
  }
  // additionalProperties are not followed: defaults are forbidden there.
  if (s.items && !Array.isArray(s.items)) {
    const { surround } = ctx;
    collectDefaultErrors(
      s.items,
      `${path}.items`,
      { ...ctx, surround: (x) => surround([x]) },
      errs,
    );
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    const { surround } = ctx;
    collectDefaultErrors(
      p,
      `${path}.properties[${k}]`,
      {
        resource: ctx.resource,
        surround: (x) => surround({ [k]: x }),
        insideMeta: ctx.insideMeta || (embedded && metaFields.has(k)),
      },
      errs,
    );
  }
}

function defaultValueErrors(s: JSONSchemaProps, path: string, ctx: DefaultContext): FieldError[] {
  const value = s.default!;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (ctx.insideMeta) {
    // A default inside metadata, kind or apiVersion must make the resource around it valid.
    const around = ctx.surround(value);
    const metaError = (detail: string) => [
      invalid(path, value, `must result in valid metadata: ${detail}`),
    ];
    const coerced = coerceEmbeddedMetadata(around, ctx.resource, '', true);
    if (coerced) return metaError(formatFieldError(coerced));
    const metaErrors = validateEmbeddedResources(around, ctx.resource, '', true);
    if (metaErrors.length) return metaError(formatFieldErrors(metaErrors));
    return validateDefaultValue(value, s, path);
  }
  const errs: FieldError[] = [];
  if (!deepEqual(pruneDefault(value, s), value))
    errs.push(invalid(path, value, 'must not have unknown fields'));
  const coerced = coerceEmbeddedMetadata(value, s, path, embedded);
  if (coerced) return [...errs, coerced];
  const metaErrors = validateEmbeddedResources(value, s, path, embedded);
  if (metaErrors.length) return [...errs, ...metaErrors];
  return [...errs, ...validateDefaultValue(value, s, path)];
}

function pruneDefault(value: Json, s: JSONSchemaProps): Json {
  const walk = (x: Json, sc: JSONSchemaProps | undefined): Json => {
    if (!sc || sc['x-kubernetes-preserve-unknown-fields']) return x;
    if (isObject(x)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(x)) {
        if (sc['x-kubernetes-embedded-resource'] && metaFields.has(k)) out[k] = v;
        else if (sc.properties?.[k]) out[k] = walk(v, sc.properties[k]);
        else if (typeof sc.additionalProperties === 'object')
          out[k] = walk(v, sc.additionalProperties);
        else if (sc.additionalProperties === true) out[k] = v;
      }
      return out;
    }
    if (Array.isArray(x)) return x.map((v) => walk(v, sc.items));
    return x;
  };
  return walk(value, s);
}

/** Go's regexp error for the common mistakes JavaScript also rejects. */
function goRegexpError(pattern: string, err: Error): string {
  const m = err.message;
  const text = (t: string) => `error parsing regexp: ${t}`;
  if (/Unterminated character class/.test(m))
    return text(`missing closing ]: \`${pattern.slice(pattern.lastIndexOf('['))}\``);
  if (/Unterminated group/.test(m)) return text(`missing closing ): \`${pattern}\``);
  if (/Unmatched '\)'/.test(m)) return text(`unexpected ): \`${pattern}\``);
  if (/Nothing to repeat/.test(m)) {
    const op = /[*+?]/.exec(pattern)?.[0] ?? '*';
    return text(`missing argument to repetition operator: \`${op}\``);
  }
  return text(m);
}

// --- The internal Go structs, as field errors print them (json.Marshal, field names as in Go) ---

type Rendered = [string, string][];

function render(fields: Rendered): string {
  return `{${fields.map(([k, v]) => `${goJsonString(k)}:${v}`).join(',')}}`;
}

const rs = (v: Json | undefined) => goJsonString(typeof v === 'string' ? v : '');
const rb = (v: Json | undefined) => (v === true ? 'true' : 'false');
const rnum = (v: Json | undefined) => (typeof v === 'number' ? goJson(v) : 'null');
const rptr = (v: Json | undefined, f: (x: Json) => string) =>
  v === undefined || v === null ? 'null' : f(v);
const rlist = (v: Json | undefined, f: (x: Json) => string) =>
  Array.isArray(v) ? `[${v.map(f).join(',')}]` : 'null';
const rmap = (v: Json | undefined, f: (x: Json) => string) =>
  isObject(v)
    ? `{${Object.keys(v)
        .sort(compareStrings)
        .map((k) => `${goJsonString(k)}:${f(v[k]!)}`)
        .join(',')}}`
    : 'null';

function renderSchema(s: JSONSchemaProps | Json): string {
  const o = (isObject(s as Json) ? s : {}) as JsonObject;
  const sub = (x: Json) => renderSchema(x);
  const orBool = (x: Json) =>
    typeof x === 'boolean'
      ? render([
          ['Allows', rb(x)],
          ['Schema', 'null'],
        ])
      : render([
          ['Allows', 'true'],
          ['Schema', sub(x)],
        ]);
  const orArray = (x: Json) =>
    Array.isArray(x)
      ? render([
          ['Schema', 'null'],
          ['JSONSchemas', rlist(x, sub)],
        ])
      : render([
          ['Schema', sub(x)],
          ['JSONSchemas', 'null'],
        ]);
  const orStrings = (x: Json) =>
    Array.isArray(x)
      ? render([
          ['Schema', 'null'],
          ['Property', rlist(x, rs)],
        ])
      : render([
          ['Schema', sub(x)],
          ['Property', 'null'],
        ]);
  const rule = (x: Json) => {
    const r = (isObject(x) ? x : {}) as JsonObject;
    return render([
      ['Rule', rs(r['rule'])],
      ['Message', rs(r['message'])],
      ['MessageExpression', rs(r['messageExpression'])],
      ['Reason', rptr(r['reason'], rs)],
      ['FieldPath', rs(r['fieldPath'])],
      ['OptionalOldSelf', rptr(r['optionalOldSelf'], rb)],
    ]);
  };
  const docs = (x: Json) => {
    const d = (isObject(x) ? x : {}) as JsonObject;
    return render([
      ['Description', rs(d['description'])],
      ['URL', rs(d['url'])],
    ]);
  };
  return render([
    ['ID', rs(o['id'])],
    ['Schema', rs(o['$schema'])],
    ['Ref', rptr(o['$ref'], rs)],
    ['Description', rs(o['description'])],
    ['Type', rs(o['type'])],
    ['Nullable', rb(o['nullable'])],
    ['Format', rs(o['format'])],
    ['Title', rs(o['title'])],
    ['Default', rptr(o['default'], goJson)],
    ['Maximum', rnum(o['maximum'])],
    ['ExclusiveMaximum', rb(o['exclusiveMaximum'])],
    ['Minimum', rnum(o['minimum'])],
    ['ExclusiveMinimum', rb(o['exclusiveMinimum'])],
    ['MaxLength', rnum(o['maxLength'])],
    ['MinLength', rnum(o['minLength'])],
    ['Pattern', rs(o['pattern'])],
    ['MaxItems', rnum(o['maxItems'])],
    ['MinItems', rnum(o['minItems'])],
    ['UniqueItems', rb(o['uniqueItems'])],
    ['MultipleOf', rnum(o['multipleOf'])],
    ['Enum', rlist(o['enum'], goJson)],
    ['MaxProperties', rnum(o['maxProperties'])],
    ['MinProperties', rnum(o['minProperties'])],
    ['Required', rlist(o['required'], rs)],
    ['Items', rptr(o['items'], orArray)],
    ['AllOf', rlist(o['allOf'], sub)],
    ['OneOf', rlist(o['oneOf'], sub)],
    ['AnyOf', rlist(o['anyOf'], sub)],
    ['Not', rptr(o['not'], sub)],
    ['Properties', rmap(o['properties'], sub)],
    ['AdditionalProperties', rptr(o['additionalProperties'], orBool)],
    ['PatternProperties', rmap(o['patternProperties'], sub)],
    ['Dependencies', rmap(o['dependencies'], orStrings)],
    ['AdditionalItems', rptr(o['additionalItems'], orBool)],
    ['Definitions', rmap(o['definitions'], sub)],
    ['ExternalDocs', rptr(o['externalDocs'], docs)],
    ['Example', rptr(o['example'], goJson)],
    ['XPreserveUnknownFields', rptr(o['x-kubernetes-preserve-unknown-fields'], rb)],
    ['XEmbeddedResource', rb(o['x-kubernetes-embedded-resource'])],
    ['XIntOrString', rb(o['x-kubernetes-int-or-string'])],
    ['XListMapKeys', rlist(o['x-kubernetes-list-map-keys'], rs)],
    ['XListType', rptr(o['x-kubernetes-list-type'], rs)],
    ['XMapType', rptr(o['x-kubernetes-map-type'], rs)],
    ['XValidations', rlist(o['x-kubernetes-validations'], rule)],
  ]);
}

function renderVersions(versions: JsonObject[]): string {
  const column = (x: Json) => {
    const c = (isObject(x) ? x : {}) as JsonObject;
    return render([
      ['Name', rs(c['name'])],
      ['Type', rs(c['type'])],
      ['Format', rs(c['format'])],
      ['Description', rs(c['description'])],
      ['Priority', typeof c['priority'] === 'number' ? goJson(c['priority']) : '0'],
      ['JSONPath', rs(c['jsonPath'])],
    ]);
  };
  const subresources = (x: Json) => {
    const s = (isObject(x) ? x : {}) as JsonObject;
    const scale = isObject(s['scale']) ? s['scale'] : undefined;
    return render([
      ['Status', s['status'] === undefined || s['status'] === null ? 'null' : '{}'],
      [
        'Scale',
        scale
          ? render([
              ['SpecReplicasPath', rs(scale['specReplicasPath'])],
              ['StatusReplicasPath', rs(scale['statusReplicasPath'])],
              ['LabelSelectorPath', rptr(scale['labelSelectorPath'], rs)],
            ])
          : 'null',
      ],
    ]);
  };
  const version = (v: JsonObject) =>
    render([
      ['Name', rs(v['name'])],
      ['Served', rb(v['served'])],
      ['Storage', rb(v['storage'])],
      ['Deprecated', rb(v['deprecated'])],
      ['DeprecationWarning', rptr(v['deprecationWarning'], rs)],
      [
        'Schema',
        rptr(v['schema'], (x) =>
          render([['OpenAPIV3Schema', rptr((x as JsonObject)['openAPIV3Schema'], renderSchema)]]),
        ),
      ],
      ['Subresources', rptr(v['subresources'], subresources)],
      ['AdditionalPrinterColumns', rlist(v['additionalPrinterColumns'], column)],
      [
        'SelectableFields',
        rlist(v['selectableFields'], (x) =>
          render([['JSONPath', rs((x as JsonObject)['jsonPath'])]]),
        ),
      ],
    ]);
  return `[${versions.map(version).join(',')}]`;
}
