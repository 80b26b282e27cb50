import type { ProtoFileSpec } from '../../starlark/proto';

/**
 * google/protobuf/descriptor.proto as protobuf-go v1.33.0 (the version go.starlark.net's tests
 * link) defines it — the messages and enums that describe .proto files, which go.starlark.net's
 * proto.star builds — stated as a `ProtoFileSpec`: names, numbers, types, labels and defaults
 * only. tests/starlark/proto-pool.test.ts checks every fact against Go's descriptorpb.
 */
export const descriptorProto: ProtoFileSpec = {
  path: 'google/protobuf/descriptor.proto',
  package: 'google.protobuf',
  syntax: 'proto2',
  messages: [
    {
      name: 'FileDescriptorSet',
      fields: [['file', 1, 'google.protobuf.FileDescriptorProto', 'repeated']],
    },
    {
      name: 'FileDescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['package', 2, 'string'],
        ['dependency', 3, 'string', 'repeated'],
        ['public_dependency', 10, 'int32', 'repeated'],
        ['weak_dependency', 11, 'int32', 'repeated'],
        ['message_type', 4, 'google.protobuf.DescriptorProto', 'repeated'],
        ['enum_type', 5, 'google.protobuf.EnumDescriptorProto', 'repeated'],
        ['service', 6, 'google.protobuf.ServiceDescriptorProto', 'repeated'],
        ['extension', 7, 'google.protobuf.FieldDescriptorProto', 'repeated'],
        ['options', 8, 'google.protobuf.FileOptions'],
        ['source_code_info', 9, 'google.protobuf.SourceCodeInfo'],
        ['syntax', 12, 'string'],
        ['edition', 14, 'google.protobuf.Edition'],
      ],
    },
    {
      name: 'DescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['field', 2, 'google.protobuf.FieldDescriptorProto', 'repeated'],
        ['extension', 6, 'google.protobuf.FieldDescriptorProto', 'repeated'],
        ['nested_type', 3, 'google.protobuf.DescriptorProto', 'repeated'],
        ['enum_type', 4, 'google.protobuf.EnumDescriptorProto', 'repeated'],
        ['extension_range', 5, 'google.protobuf.DescriptorProto.ExtensionRange', 'repeated'],
        ['oneof_decl', 8, 'google.protobuf.OneofDescriptorProto', 'repeated'],
        ['options', 7, 'google.protobuf.MessageOptions'],
        ['reserved_range', 9, 'google.protobuf.DescriptorProto.ReservedRange', 'repeated'],
        ['reserved_name', 10, 'string', 'repeated'],
      ],
      messages: [
        {
          name: 'ExtensionRange',
          fields: [
            ['start', 1, 'int32'],
            ['end', 2, 'int32'],
            ['options', 3, 'google.protobuf.ExtensionRangeOptions'],
          ],
        },
        {
          name: 'ReservedRange',
          fields: [
            ['start', 1, 'int32'],
            ['end', 2, 'int32'],
          ],
        },
      ],
    },
    {
      name: 'ExtensionRangeOptions',
      fields: [
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
        ['declaration', 2, 'google.protobuf.ExtensionRangeOptions.Declaration', 'repeated'],
        ['features', 50, 'google.protobuf.FeatureSet'],
        [
          'verification',
          3,
          'google.protobuf.ExtensionRangeOptions.VerificationState',
          'optional',
          { default: 'UNVERIFIED' },
        ],
      ],
      messages: [
        {
          name: 'Declaration',
          fields: [
            ['number', 1, 'int32'],
            ['full_name', 2, 'string'],
            ['type', 3, 'string'],
            ['reserved', 5, 'bool'],
            ['repeated', 6, 'bool'],
          ],
        },
      ],
      enums: [
        {
          name: 'VerificationState',
          values: [
            ['DECLARATION', 0],
            ['UNVERIFIED', 1],
          ],
        },
      ],
    },
    {
      name: 'FieldDescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['number', 3, 'int32'],
        ['label', 4, 'google.protobuf.FieldDescriptorProto.Label'],
        ['type', 5, 'google.protobuf.FieldDescriptorProto.Type'],
        ['type_name', 6, 'string'],
        ['extendee', 2, 'string'],
        ['default_value', 7, 'string'],
        ['oneof_index', 9, 'int32'],
        ['json_name', 10, 'string'],
        ['options', 8, 'google.protobuf.FieldOptions'],
        ['proto3_optional', 17, 'bool'],
      ],
      enums: [
        {
          name: 'Type',
          values: [
            ['TYPE_DOUBLE', 1],
            ['TYPE_FLOAT', 2],
            ['TYPE_INT64', 3],
            ['TYPE_UINT64', 4],
            ['TYPE_INT32', 5],
            ['TYPE_FIXED64', 6],
            ['TYPE_FIXED32', 7],
            ['TYPE_BOOL', 8],
            ['TYPE_STRING', 9],
            ['TYPE_GROUP', 10],
            ['TYPE_MESSAGE', 11],
            ['TYPE_BYTES', 12],
            ['TYPE_UINT32', 13],
            ['TYPE_ENUM', 14],
            ['TYPE_SFIXED32', 15],
            ['TYPE_SFIXED64', 16],
            ['TYPE_SINT32', 17],
            ['TYPE_SINT64', 18],
          ],
        },
        {
          name: 'Label',
          values: [
            ['LABEL_OPTIONAL', 1],
            ['LABEL_REPEATED', 3],
            ['LABEL_REQUIRED', 2],
          ],
        },
      ],
    },
    {
      name: 'OneofDescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['options', 2, 'google.protobuf.OneofOptions'],
      ],
    },
    {
      name: 'EnumDescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['value', 2, 'google.protobuf.EnumValueDescriptorProto', 'repeated'],
        ['options', 3, 'google.protobuf.EnumOptions'],
        ['reserved_range', 4, 'google.protobuf.EnumDescriptorProto.EnumReservedRange', 'repeated'],
        ['reserved_name', 5, 'string', 'repeated'],
      ],
      messages: [
        {
          name: 'EnumReservedRange',
          fields: [
            ['start', 1, 'int32'],
            ['end', 2, 'int32'],
          ],
        },
      ],
    },
    {
      name: 'EnumValueDescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['number', 2, 'int32'],
        ['options', 3, 'google.protobuf.EnumValueOptions'],
      ],
    },
    {
      name: 'ServiceDescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['method', 2, 'google.protobuf.MethodDescriptorProto', 'repeated'],
        ['options', 3, 'google.protobuf.ServiceOptions'],
      ],
    },
    {
      name: 'MethodDescriptorProto',
      fields: [
        ['name', 1, 'string'],
        ['input_type', 2, 'string'],
        ['output_type', 3, 'string'],
        ['options', 4, 'google.protobuf.MethodOptions'],
        ['client_streaming', 5, 'bool', 'optional', { default: false }],
        ['server_streaming', 6, 'bool', 'optional', { default: false }],
      ],
    },
    {
      name: 'FileOptions',
      fields: [
        ['java_package', 1, 'string'],
        ['java_outer_classname', 8, 'string'],
        ['java_multiple_files', 10, 'bool', 'optional', { default: false }],
        ['java_generate_equals_and_hash', 20, 'bool'],
        ['java_string_check_utf8', 27, 'bool', 'optional', { default: false }],
        [
          'optimize_for',
          9,
          'google.protobuf.FileOptions.OptimizeMode',
          'optional',
          { default: 'SPEED' },
        ],
        ['go_package', 11, 'string'],
        ['cc_generic_services', 16, 'bool', 'optional', { default: false }],
        ['java_generic_services', 17, 'bool', 'optional', { default: false }],
        ['py_generic_services', 18, 'bool', 'optional', { default: false }],
        ['deprecated', 23, 'bool', 'optional', { default: false }],
        ['cc_enable_arenas', 31, 'bool', 'optional', { default: true }],
        ['objc_class_prefix', 36, 'string'],
        ['csharp_namespace', 37, 'string'],
        ['swift_prefix', 39, 'string'],
        ['php_class_prefix', 40, 'string'],
        ['php_namespace', 41, 'string'],
        ['php_metadata_namespace', 44, 'string'],
        ['ruby_package', 45, 'string'],
        ['features', 50, 'google.protobuf.FeatureSet'],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
      enums: [
        {
          name: 'OptimizeMode',
          values: [
            ['SPEED', 1],
            ['CODE_SIZE', 2],
            ['LITE_RUNTIME', 3],
          ],
        },
      ],
    },
    {
      name: 'MessageOptions',
      fields: [
        ['message_set_wire_format', 1, 'bool', 'optional', { default: false }],
        ['no_standard_descriptor_accessor', 2, 'bool', 'optional', { default: false }],
        ['deprecated', 3, 'bool', 'optional', { default: false }],
        ['map_entry', 7, 'bool'],
        ['deprecated_legacy_json_field_conflicts', 11, 'bool'],
        ['features', 12, 'google.protobuf.FeatureSet'],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
    },
    {
      name: 'FieldOptions',
      fields: [
        ['ctype', 1, 'google.protobuf.FieldOptions.CType', 'optional', { default: 'STRING' }],
        ['packed', 2, 'bool'],
        ['jstype', 6, 'google.protobuf.FieldOptions.JSType', 'optional', { default: 'JS_NORMAL' }],
        ['lazy', 5, 'bool', 'optional', { default: false }],
        ['unverified_lazy', 15, 'bool', 'optional', { default: false }],
        ['deprecated', 3, 'bool', 'optional', { default: false }],
        ['weak', 10, 'bool', 'optional', { default: false }],
        ['debug_redact', 16, 'bool', 'optional', { default: false }],
        ['retention', 17, 'google.protobuf.FieldOptions.OptionRetention'],
        ['targets', 19, 'google.protobuf.FieldOptions.OptionTargetType', 'repeated'],
        ['edition_defaults', 20, 'google.protobuf.FieldOptions.EditionDefault', 'repeated'],
        ['features', 21, 'google.protobuf.FeatureSet'],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
      messages: [
        {
          name: 'EditionDefault',
          fields: [
            ['edition', 3, 'google.protobuf.Edition'],
            ['value', 2, 'string'],
          ],
        },
      ],
      enums: [
        {
          name: 'CType',
          values: [
            ['STRING', 0],
            ['CORD', 1],
            ['STRING_PIECE', 2],
          ],
        },
        {
          name: 'JSType',
          values: [
            ['JS_NORMAL', 0],
            ['JS_STRING', 1],
            ['JS_NUMBER', 2],
          ],
        },
        {
          name: 'OptionRetention',
          values: [
            ['RETENTION_UNKNOWN', 0],
            ['RETENTION_RUNTIME', 1],
            ['RETENTION_SOURCE', 2],
          ],
        },
        {
          name: 'OptionTargetType',
          values: [
            ['TARGET_TYPE_UNKNOWN', 0],
            ['TARGET_TYPE_FILE', 1],
            ['TARGET_TYPE_EXTENSION_RANGE', 2],
            ['TARGET_TYPE_MESSAGE', 3],
            ['TARGET_TYPE_FIELD', 4],
            ['TARGET_TYPE_ONEOF', 5],
            ['TARGET_TYPE_ENUM', 6],
            ['TARGET_TYPE_ENUM_ENTRY', 7],
            ['TARGET_TYPE_SERVICE', 8],
            ['TARGET_TYPE_METHOD', 9],
          ],
        },
      ],
    },
    {
      name: 'OneofOptions',
      fields: [
        ['features', 1, 'google.protobuf.FeatureSet'],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
    },
    {
      name: 'EnumOptions',
      fields: [
        ['allow_alias', 2, 'bool'],
        ['deprecated', 3, 'bool', 'optional', { default: false }],
        ['deprecated_legacy_json_field_conflicts', 6, 'bool'],
        ['features', 7, 'google.protobuf.FeatureSet'],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
    },
    {
      name: 'EnumValueOptions',
      fields: [
        ['deprecated', 1, 'bool', 'optional', { default: false }],
        ['features', 2, 'google.protobuf.FeatureSet'],
        ['debug_redact', 3, 'bool', 'optional', { default: false }],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
    },
    {
      name: 'ServiceOptions',
      fields: [
        ['features', 34, 'google.protobuf.FeatureSet'],
        ['deprecated', 33, 'bool', 'optional', { default: false }],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
    },
    {
      name: 'MethodOptions',
      fields: [
        ['deprecated', 33, 'bool', 'optional', { default: false }],
        [
          'idempotency_level',
          34,
          'google.protobuf.MethodOptions.IdempotencyLevel',
          'optional',
          { default: 'IDEMPOTENCY_UNKNOWN' },
        ],
        ['features', 35, 'google.protobuf.FeatureSet'],
        ['uninterpreted_option', 999, 'google.protobuf.UninterpretedOption', 'repeated'],
      ],
      enums: [
        {
          name: 'IdempotencyLevel',
          values: [
            ['IDEMPOTENCY_UNKNOWN', 0],
            ['NO_SIDE_EFFECTS', 1],
            ['IDEMPOTENT', 2],
          ],
        },
      ],
    },
    {
      name: 'UninterpretedOption',
      fields: [
        ['name', 2, 'google.protobuf.UninterpretedOption.NamePart', 'repeated'],
        ['identifier_value', 3, 'string'],
        ['positive_int_value', 4, 'uint64'],
        ['negative_int_value', 5, 'int64'],
        ['double_value', 6, 'double'],
        ['string_value', 7, 'bytes'],
        ['aggregate_value', 8, 'string'],
      ],
      messages: [
        {
          name: 'NamePart',
          fields: [
            ['name_part', 1, 'string', 'required'],
            ['is_extension', 2, 'bool', 'required'],
          ],
        },
      ],
    },
    {
      name: 'FeatureSet',
      fields: [
        ['field_presence', 1, 'google.protobuf.FeatureSet.FieldPresence'],
        ['enum_type', 2, 'google.protobuf.FeatureSet.EnumType'],
        ['repeated_field_encoding', 3, 'google.protobuf.FeatureSet.RepeatedFieldEncoding'],
        ['utf8_validation', 4, 'google.protobuf.FeatureSet.Utf8Validation'],
        ['message_encoding', 5, 'google.protobuf.FeatureSet.MessageEncoding'],
        ['json_format', 6, 'google.protobuf.FeatureSet.JsonFormat'],
      ],
      enums: [
        {
          name: 'FieldPresence',
          values: [
            ['FIELD_PRESENCE_UNKNOWN', 0],
            ['EXPLICIT', 1],
            ['IMPLICIT', 2],
            ['LEGACY_REQUIRED', 3],
          ],
        },
        {
          name: 'EnumType',
          values: [
            ['ENUM_TYPE_UNKNOWN', 0],
            ['OPEN', 1],
            ['CLOSED', 2],
          ],
        },
        {
          name: 'RepeatedFieldEncoding',
          values: [
            ['REPEATED_FIELD_ENCODING_UNKNOWN', 0],
            ['PACKED', 1],
            ['EXPANDED', 2],
          ],
        },
        {
          name: 'Utf8Validation',
          values: [
            ['UTF8_VALIDATION_UNKNOWN', 0],
            ['VERIFY', 2],
            ['NONE', 3],
          ],
        },
        {
          name: 'MessageEncoding',
          values: [
            ['MESSAGE_ENCODING_UNKNOWN', 0],
            ['LENGTH_PREFIXED', 1],
            ['DELIMITED', 2],
          ],
        },
        {
          name: 'JsonFormat',
          values: [
            ['JSON_FORMAT_UNKNOWN', 0],
            ['ALLOW', 1],
            ['LEGACY_BEST_EFFORT', 2],
          ],
        },
      ],
    },
    {
      name: 'FeatureSetDefaults',
      fields: [
        ['defaults', 1, 'google.protobuf.FeatureSetDefaults.FeatureSetEditionDefault', 'repeated'],
        ['minimum_edition', 4, 'google.protobuf.Edition'],
        ['maximum_edition', 5, 'google.protobuf.Edition'],
      ],
      messages: [
        {
          name: 'FeatureSetEditionDefault',
          fields: [
            ['edition', 3, 'google.protobuf.Edition'],
            ['features', 2, 'google.protobuf.FeatureSet'],
          ],
        },
      ],
    },
    {
      name: 'SourceCodeInfo',
      fields: [['location', 1, 'google.protobuf.SourceCodeInfo.Location', 'repeated']],
      messages: [
        {
          name: 'Location',
          fields: [
            ['path', 1, 'int32', 'repeated', { packed: true }],
            ['span', 2, 'int32', 'repeated', { packed: true }],
            ['leading_comments', 3, 'string'],
            ['trailing_comments', 4, 'string'],
            ['leading_detached_comments', 6, 'string', 'repeated'],
          ],
        },
      ],
    },
    {
      name: 'GeneratedCodeInfo',
      fields: [['annotation', 1, 'google.protobuf.GeneratedCodeInfo.Annotation', 'repeated']],
      messages: [
        {
          name: 'Annotation',
          fields: [
            ['path', 1, 'int32', 'repeated', { packed: true }],
            ['source_file', 2, 'string'],
            ['begin', 3, 'int32'],
            ['end', 4, 'int32'],
            ['semantic', 5, 'google.protobuf.GeneratedCodeInfo.Annotation.Semantic'],
          ],
          enums: [
            {
              name: 'Semantic',
              values: [
                ['NONE', 0],
                ['SET', 1],
                ['ALIAS', 2],
              ],
            },
          ],
        },
      ],
    },
  ],
  enums: [
    {
      name: 'Edition',
      values: [
        ['EDITION_UNKNOWN', 0],
        ['EDITION_PROTO2', 998],
        ['EDITION_PROTO3', 999],
        ['EDITION_2023', 1000],
        ['EDITION_2024', 1001],
        ['EDITION_1_TEST_ONLY', 1],
        ['EDITION_2_TEST_ONLY', 2],
        ['EDITION_99997_TEST_ONLY', 99997],
        ['EDITION_99998_TEST_ONLY', 99998],
        ['EDITION_99999_TEST_ONLY', 99999],
        ['EDITION_MAX', 2147483647],
      ],
    },
  ],
};
