/**
 * Two .proto files of Starling's own for its proto tests (tests/starlark/proto.star), in the
 * pool of `starling test` beside descriptor.proto. tests/reference/proto.go gives the Go
 * reference the same files, so those tests run on both engines.
 */
import type { ProtoFileSpec } from '../../starlark/proto';

/** starling/testdata/kinds.proto (proto2): every scalar kind, enums, nested and recursive
 * messages, repeated and packed fields, defaults, a oneof, a required field and extensions. */
export const kindsProto: ProtoFileSpec = {
  path: 'starling/testdata/kinds.proto',
  package: 'starling.testdata',
  syntax: 'proto2',
  messages: [
    {
      name: 'Kinds',
      fields: [
        ['d', 1, 'double'],
        ['f', 2, 'float'],
        ['i32', 3, 'int32'],
        ['i64', 4, 'int64'],
        ['u32', 5, 'uint32'],
        ['u64', 6, 'uint64'],
        ['s32', 7, 'sint32'],
        ['s64', 8, 'sint64'],
        ['fx32', 9, 'fixed32'],
        ['fx64', 10, 'fixed64'],
        ['sf32', 11, 'sfixed32'],
        ['sf64', 12, 'sfixed64'],
        ['b', 13, 'bool'],
        ['s', 14, 'string'],
        ['by', 15, 'bytes'],
        ['color', 16, 'starling.testdata.Color'],
        ['nested', 17, 'starling.testdata.Kinds.Nested'],
        ['r_i32', 18, 'int32', 'repeated'],
        ['p_i32', 19, 'int32', 'repeated', { packed: true }],
        ['r_s', 20, 'string', 'repeated'],
        ['r_nested', 21, 'starling.testdata.Kinds.Nested', 'repeated'],
        ['r_color', 22, 'starling.testdata.Color', 'repeated'],
        ['def_i32', 23, 'int32', 'optional', { default: '-7' }],
        ['def_s', 24, 'string', 'optional', { default: 'hi' }],
        ['name', 25, 'string', 'optional', { oneof: 'choice' }],
        ['id', 26, 'int32', 'optional', { oneof: 'choice' }],
        ['size', 27, 'starling.testdata.Kinds.Size', 'optional', { default: 'LARGE' }],
        ['r_u64', 28, 'uint64', 'repeated'],
        ['p_f', 29, 'float', 'repeated', { packed: true }],
        ['r_by', 30, 'bytes', 'repeated'],
      ],
      messages: [
        {
          name: 'Nested',
          fields: [
            ['n', 1, 'int32'],
            ['back', 2, 'starling.testdata.Kinds'],
          ],
        },
      ],
      enums: [
        {
          name: 'Size',
          values: [
            ['SMALL', 1],
            ['LARGE', 2],
          ],
        },
      ],
    },
    {
      name: 'Strict',
      fields: [
        ['key', 1, 'string', 'required'],
        ['value', 2, 'int32'],
      ],
    },
  ],
  enums: [
    {
      name: 'Color',
      values: [
        ['RED', 0],
        ['GREEN', 1],
        ['BLUE', 2],
      ],
    },
  ],
  extensions: [
    { extendee: 'starling.testdata.Kinds', field: ['note', 100, 'string'] },
    { extendee: 'starling.testdata.Kinds', field: ['tags', 101, 'int32', 'repeated'] },
  ],
};

/** starling/testdata/kinds3.proto (proto3): implicit presence, an optional field, packed
 * repeated scalars by default. */
export const kinds3Proto: ProtoFileSpec = {
  path: 'starling/testdata/kinds3.proto',
  package: 'starling.testdata3',
  syntax: 'proto3',
  messages: [
    {
      name: 'Plain',
      fields: [
        ['i', 1, 'int32'],
        ['s', 2, 'string'],
        ['oi', 3, 'int32', 'optional', { oneof: '_oi', proto3Optional: true }],
        ['r', 4, 'int32', 'repeated', { packed: true }],
        ['tone', 5, 'starling.testdata3.Tone'],
        ['child', 6, 'starling.testdata3.Plain'],
      ],
    },
  ],
  enums: [
    {
      name: 'Tone',
      values: [
        ['QUIET', 0],
        ['LOUD', 1],
      ],
    },
  ],
};
