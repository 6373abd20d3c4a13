// The `flatcar:` section of inventory.yaml: where the system extension images come from (a file
// on the jump host or a URL haka downloads there, each with its required sha256) and the update
// reboot windows. Its own file so the main schema only names it.
import type { SchemaObject } from 'ajv';

export const FLATCAR_PATTERNS = {
  /** A local path (absolute, ~/..., or relative) or an http(s) URL, ending in .raw or .tar. */
  imageSource:
    '^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/|[~./A-Za-z0-9_])[A-Za-z0-9._/~+@=%-]*\\.(raw|tar)$',
  sha256: '^[0-9a-f]{64}$',
  /** Becomes part of a file name on the host (NAME-VERSION-ARCH.raw): no dashes, no slashes. */
  imageVersion: '^[0-9A-Za-z][0-9A-Za-z.+_~]{0,63}$',
  imageArch: '^(x86-64|arm64)$',
  /** locksmith's window start: an optional weekday and a 24 h time. */
  windowStart: '^((Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?([01][0-9]|2[0-3]):[0-5][0-9]$',
} as const;

export const SYSEXT_COMPONENTS = ['haproxy', 'keepalived', 'socat'] as const;

const str = (title: string, pattern: string, description: string, example: string) => ({
  title,
  type: 'string',
  pattern,
  description,
  examples: [example],
});

const imageSchema = (name: string): SchemaObject => ({
  title: `${name} image`,
  type: 'object',
  additionalProperties: false,
  required: ['source', 'sha256', 'version'],
  properties: {
    source: str(
      `${name} image source`,
      FLATCAR_PATTERNS.imageSource,
      'a .raw or .tar image: a file on the jump host or an http(s) URL haka downloads there',
      `images/${name}-2.6.12-x86-64.raw`,
    ),
    sha256: str(
      `${name} image sha256`,
      FLATCAR_PATTERNS.sha256,
      'the image file’s sha256, 64 lowercase hex digits',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ),
    version: str(
      `${name} image version`,
      FLATCAR_PATTERNS.imageVersion,
      'a version of letters, digits, ., +, _ and ~ (no dash) like 2.6.12',
      '2.6.12',
    ),
    arch: str(`${name} image arch`, FLATCAR_PATTERNS.imageArch, 'x86-64 or arm64', 'x86-64'),
  },
});

export const flatcarSchema: SchemaObject = {
  title: 'flatcar',
  type: 'object',
  additionalProperties: false,
  required: ['images'],
  properties: {
    images: {
      title: 'flatcar images',
      type: 'object',
      additionalProperties: false,
      required: [...SYSEXT_COMPONENTS],
      properties: Object.fromEntries(SYSEXT_COMPONENTS.map((c) => [c, imageSchema(c)])),
    },
    rebootWindow: {
      title: 'rebootWindow',
      type: 'object',
      additionalProperties: false,
      properties: {
        start: str(
          'reboot window start',
          FLATCAR_PATTERNS.windowStart,
          'an optional weekday and a time like "Thu 04:00" (the first host’s window)',
          'Thu 04:00',
        ),
        lengthMinutes: {
          title: 'reboot window length',
          type: 'integer',
          minimum: 15,
          maximum: 360,
          examples: [60],
        },
      },
    },
  },
};
