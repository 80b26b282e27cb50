/**
 * The descriptor pool of `starling test` (descriptor.proto and Starling's two test files,
 * src-main/cli/test) states the same facts — every message, field (number, label, kind, type,
 * default, packing, oneof, presence), enum value and extension, in declaration order — as Go's
 * registry holds for those files (`starlark-reference proto-pool`).
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { testProtoPool } from '../../src-main/cli/test/environment';
import type {
  EnumDescriptor,
  FieldDescriptor,
  MessageDescriptor,
} from '../../src-main/starlark/lib/proto/descriptors';
import { buildReference } from '../reference/build.js';

let reference = '';
beforeAll(() => {
  reference = buildReference();
});

function fieldLine(what: string, f: FieldDescriptor): string {
  const label = f.label === 'required' ? 'required' : f.isList ? 'repeated' : 'optional';
  let line = `${what} ${f.fullName} ${f.number} ${label} ${f.kind}`;
  if (f.messageType) line += ` ${f.messageType.fullName}`;
  if (f.enumType) line += ` ${f.enumType.fullName}`;
  if (f.options.default !== undefined) line += ` default=${String(f.options.default)}`;
  if (f.isPacked) line += ' packed';
  if (f.options.oneof !== undefined) line += ` oneof=${f.options.oneof}`;
  if (f.isExtension) line += ` extendee=${f.containingMessage.fullName}`;
  if (f.hasPresence) line += ' presence';
  return line;
}

function enumLines(e: EnumDescriptor): string[] {
  const scope = e.fullName.slice(0, e.fullName.length - e.name.length);
  return [`enum ${e.fullName}`, ...e.values.map((v) => `value ${scope}${v.name} ${v.number}`)];
}

function messageLines(m: MessageDescriptor): string[] {
  return [
    `message ${m.fullName}`,
    ...m.fields.map((f) => fieldLine('field', f)),
    ...m.messages.flatMap(messageLines),
    ...m.enums.flatMap(enumLines),
    ...m.extensions.map((f) => fieldLine('extension', f)),
  ];
}

describe("starling test's descriptor pool", () => {
  for (const path of [
    'google/protobuf/descriptor.proto',
    'starling/testdata/kinds.proto',
    'starling/testdata/kinds3.proto',
  ]) {
    it(`agrees with Go's registry on ${path}`, () => {
      const file = testProtoPool().findFileByPath(path);
      const ours = [
        `file ${file.path} package=${file.packageName} syntax=${file.syntax}`,
        ...file.messages.flatMap(messageLines),
        ...file.enums.flatMap(enumLines),
        ...file.extensions.map((f) => fieldLine('extension', f)),
      ];
      const go = execFileSync(reference, ['proto-pool', path], { encoding: 'utf8' });
      expect(ours).toEqual(go.trimEnd().split('\n'));
    });
  }
});
