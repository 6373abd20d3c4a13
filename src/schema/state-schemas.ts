// JSON schemas of the files haka keeps on a host. They are read back as facts from a host that
// may have been tampered with, so every string that can reach a command (a path, a package, a
// user name) has an anchored pattern, like an inventory value.
import type { NamedSchema } from './validators.js';

const PATH = '^/[A-Za-z0-9._/-]{0,4095}$';
/** A package name as dpkg and rpm write them (never option-like): also the packages record's rule. */
export const PACKAGE = '^[A-Za-z0-9][A-Za-z0-9+._~-]{0,127}(:[a-z0-9-]{1,32})?$';
const USER = '^[a-z_][a-z0-9_-]{0,31}$';
const MODE = '^[0-7]{3,4}$';
const UNIT = { enum: ['haproxy', 'keepalived'] };
const nullOr = (schema: object): object => ({ anyOf: [{ type: 'null' }, schema] });

export const MANIFEST_SCHEMA: NamedSchema = {
  name: 'manifest',
  schema: {
    type: 'object',
    required: [
      'format',
      'cluster',
      'files',
      'createdDirs',
      'packages',
      'sysctl',
      'services',
      'createdUsers',
    ],
    properties: {
      comment: { type: 'string' },
      format: { const: 1 },
      cluster: { type: 'string' },
      files: {
        type: 'object',
        propertyNames: { pattern: PATH },
        additionalProperties: {
          type: 'object',
          required: ['existedBefore', 'original', 'modeBefore'],
          properties: {
            existedBefore: { type: 'boolean' },
            original: nullOr({ type: 'string', pattern: PATH }),
            modeBefore: nullOr({ type: 'string', pattern: MODE }),
          },
        },
      },
      createdDirs: { type: 'array', items: { type: 'string', pattern: PATH } },
      createdUsers: { type: 'array', items: { type: 'string', pattern: USER } },
      packages: {
        type: 'object',
        required: ['manager', 'installed'],
        properties: {
          manager: { enum: ['apt', 'dnf', 'yum', null] },
          installed: { type: 'array', items: { type: 'string', pattern: PACKAGE } },
        },
      },
      sysctl: { type: 'object', additionalProperties: nullOr({ type: 'string' }) },
      services: {
        type: 'object',
        propertyNames: UNIT,
        additionalProperties: {
          type: 'object',
          required: ['enabledBefore', 'activeBefore'],
          properties: { enabledBefore: { type: 'boolean' }, activeBefore: { type: 'boolean' } },
        },
      },
    },
  },
};

export const PENDING_SCHEMA: NamedSchema = {
  name: 'pending',
  schema: {
    type: 'object',
    properties: {
      handlers: {
        type: 'array',
        items: {
          anyOf: [
            {
              type: 'object',
              required: ['kind'],
              properties: { kind: { const: 'daemon-reload' } },
              additionalProperties: false,
            },
            {
              type: 'object',
              required: ['kind', 'unit'],
              properties: { kind: { enum: ['reload', 'restart'] }, unit: UNIT },
              additionalProperties: false,
            },
          ],
        },
      },
      files: { type: 'array', items: { type: 'string', pattern: PATH } },
      startedUnits: { type: 'array', items: UNIT },
    },
  },
};

export const LOCK_SCHEMA: NamedSchema = {
  name: 'lock',
  schema: {
    type: 'object',
    required: ['owner', 'pid', 'command', 'startedAt'],
    properties: {
      owner: { type: 'string', maxLength: 512 },
      pid: { type: 'integer', minimum: 0 },
      command: { type: 'string', maxLength: 64 },
      startedAt: { type: 'string', maxLength: 64 },
    },
  },
};

export const RUN_RECORD_SCHEMA: NamedSchema = {
  name: 'run-record',
  schema: {
    type: 'object',
    required: ['command', 'at', 'from', 'version'],
    properties: {
      command: { type: 'string', maxLength: 64 },
      at: { type: 'string', maxLength: 64 },
      from: { type: 'string', maxLength: 512 },
      version: { type: 'string', maxLength: 64 },
    },
  },
};
