import type { JsonSchema } from '../api/resource-types';

/**
 * Descriptions of the built-in kinds for OpenAPI (kubectl explain, client-side validation). A
 * compact hand-written subset: the fields users write, with their types and one-line docs.
 */

const stringMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string', default: '' },
});

export function objectMetaSchema(ref: (name: string) => string): JsonSchema {
  void ref;
  return {
    type: 'object',
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    properties: {
      name: { type: 'string', description: 'Name must be unique within a namespace.' },
      generateName: {
        type: 'string',
        description: 'An optional prefix used by the server to generate a unique name.',
      },
      namespace: {
        type: 'string',
        description: 'Namespace defines the space within which each name must be unique.',
      },
      uid: {
        type: 'string',
        description: 'UID is the unique in time and space value for this object.',
      },
      resourceVersion: {
        type: 'string',
        description: 'An opaque value that represents the internal version of this object.',
      },
      generation: {
        type: 'integer',
        format: 'int64',
        description: 'A sequence number representing a specific generation of the desired state.',
      },
      creationTimestamp: {
        type: 'string',
        format: 'date-time',
        description: 'The time this object was created.',
      },
      deletionTimestamp: {
        type: 'string',
        format: 'date-time',
        description: 'The time after which this resource will be deleted.',
      },
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      labels: stringMap(
        'Map of string keys and values that can be used to organize and categorize objects.',
      ),
      annotations: stringMap(
        'Annotations is an unstructured key value map stored with a resource.',
      ),
      finalizers: {
        type: 'array',
        description: 'Must be empty before the object is deleted from the registry.',
        items: { type: 'string', default: '' },
        'x-kubernetes-list-type': 'set',
        'x-kubernetes-patch-strategy': 'merge',
      },
      ownerReferences: {
        type: 'array',
        description: 'List of objects depended by this object.',
        items: {
          type: 'object',
          required: ['apiVersion', 'kind', 'name', 'uid'],
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            name: { type: 'string' },
            uid: { type: 'string' },
            controller: { type: 'boolean' },
            blockOwnerDeletion: { type: 'boolean' },
          },
          'x-kubernetes-map-type': 'atomic',
        },
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      managedFields: {
        type: 'array',
        description:
          'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.',
        items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        'x-kubernetes-list-type': 'atomic',
      },
    },
  };
}

export const builtinSchemas: Record<string, JsonSchema> = {
  '/ConfigMap': {
    type: 'object',
    description: 'ConfigMap holds configuration data for pods to consume.',
    properties: {
      data: stringMap('Data contains the configuration data.'),
      binaryData: {
        type: 'object',
        description: 'BinaryData contains the binary data.',
        additionalProperties: { type: 'string', format: 'byte' },
      },
      immutable: {
        type: 'boolean',
        description:
          'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.',
      },
    },
  },
  '/Secret': {
    type: 'object',
    description: 'Secret holds secret data of a certain type.',
    properties: {
      data: {
        type: 'object',
        description: 'Data contains the secret data.',
        additionalProperties: { type: 'string', format: 'byte' },
      },
      stringData: stringMap('stringData allows specifying non-binary secret data in string form.'),
      type: {
        type: 'string',
        description: 'Used to facilitate programmatic handling of secret data.',
      },
      immutable: {
        type: 'boolean',
        description:
          'Immutable, if set to true, ensures that data stored in the Secret cannot be updated.',
      },
    },
  },
  '/Namespace': {
    type: 'object',
    description: 'Namespace provides a scope for Names.',
    properties: {
      spec: {
        type: 'object',
        description: 'Spec defines the behavior of the Namespace.',
        properties: {
          finalizers: {
            type: 'array',
            items: { type: 'string' },
            'x-kubernetes-list-type': 'atomic',
          },
        },
      },
      status: {
        type: 'object',
        description: 'Status describes the current status of a Namespace.',
        properties: {
          phase: { type: 'string' },
          conditions: {
            type: 'array',
            items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    },
  },
  '/Event': {
    type: 'object',
    description: 'Event is a report of an event somewhere in the cluster.',
    required: ['metadata', 'involvedObject'],
    properties: {
      involvedObject: {
        type: 'object',
        description: 'The object that this event is about.',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          namespace: { type: 'string' },
          uid: { type: 'string' },
          resourceVersion: { type: 'string' },
          fieldPath: { type: 'string' },
        },
      },
      reason: {
        type: 'string',
        description:
          'A short, machine understandable string that gives the reason for the transition.',
      },
      message: {
        type: 'string',
        description: 'A human-readable description of the status of this operation.',
      },
      type: { type: 'string', description: 'Type of this event (Normal, Warning).' },
      count: { type: 'integer', format: 'int32' },
      firstTimestamp: { type: 'string', format: 'date-time' },
      lastTimestamp: { type: 'string', format: 'date-time' },
      eventTime: { type: 'string', format: 'date-time' },
      source: {
        type: 'object',
        properties: { component: { type: 'string' }, host: { type: 'string' } },
      },
      reportingComponent: { type: 'string' },
      reportingInstance: { type: 'string' },
      action: { type: 'string' },
    },
  },
  'apiextensions.k8s.io/CustomResourceDefinition': {
    type: 'object',
    description:
      'CustomResourceDefinition represents a resource that should be exposed on the API server.',
    properties: {
      spec: {
        type: 'object',
        description: 'spec describes how the user wants the resources to appear',
        'x-kubernetes-preserve-unknown-fields': true,
      },
      status: {
        type: 'object',
        description: 'status indicates the actual state of the CustomResourceDefinition',
        'x-kubernetes-preserve-unknown-fields': true,
      },
    },
  },
};
