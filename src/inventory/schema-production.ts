// Schema of the production-behaviour keys (docs/inventory.md "Production behaviour"): per-VIP
// balancing, port mapping, health-check timing, backend-aware tracking, preemption and HAProxy's
// global limits. Kept apart from schema.ts so the core schema stays readable.
import type { SchemaObject } from 'ajv';
import { COUNT_LIMITS } from './count-limits.js';

/** The core schema's patterns these keys reuse (passed in: schema.ts imports this file). */
export interface SharedPatterns {
  port: string;
  haproxyTime: string;
  statsBind: string;
}

export const PRODUCTION_PATTERNS = {
  balance: '^(roundrobin|leastconn|source|first)$',
  proxyProtocol: '^(v1|v2)$',
  /** An absolute URL path of plain characters, no segment starting with a dot: one word in haproxy.cfg. */
  httpPath: '^(/|(/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,63}){1,16})$',
} as const;

const int = (title: string, minimum: number, maximum: number, example: number): SchemaObject => ({
  title,
  type: 'integer',
  minimum,
  maximum,
  examples: [example],
});

const choice = (title: string, values: string[], pattern: string): SchemaObject => ({
  title,
  type: 'string',
  enum: values,
  pattern,
  description: `one of ${values.join(', ')}`,
  examples: [values[0]],
});

const time = (p: SharedPatterns, title: string, example: string): SchemaObject => ({
  title,
  type: 'string',
  pattern: p.haproxyTime,
  description: 'an HAProxy time with a unit (us, ms, s, m, h, d) like 3s or 5m',
  examples: [example],
});

const object = (title: string, properties: Record<string, SchemaObject>): SchemaObject => ({
  title,
  type: 'object',
  properties,
  additionalProperties: false,
});

/** Extra properties of `vips.api` / `vips.ingress`. */
export const vipProductionProperties = (p: SharedPatterns): Record<string, SchemaObject> => ({
  backendPorts: {
    title: 'backendPorts',
    type: 'object',
    propertyNames: {
      pattern: p.port,
      description: 'a VIP port number from ports (like 80)',
    },
    additionalProperties: int('backend port', 1, 65535, 30080),
    maxProperties: COUNT_LIMITS.ports,
    description: 'a mapping of VIP port to backend port like { 80: 30080 }',
    examples: [{ 80: 30080 }],
  },
  balance: choice(
    'balance',
    ['roundrobin', 'leastconn', 'source', 'first'],
    PRODUCTION_PATTERNS.balance,
  ),
  proxyProtocol: choice('proxyProtocol', ['v2', 'v1'], PRODUCTION_PATTERNS.proxyProtocol),
  maxconn: int('VIP maxconn', 1, 1_000_000, 10000),
  minBackendsUp: int('minBackendsUp', 1, 64, 1),
  healthCheck: object('healthCheck', {
    interval: time(p, 'healthCheck interval', '3s'),
    fall: int('healthCheck fall', 1, 100, 3),
    rise: int('healthCheck rise', 1, 100, 2),
    path: {
      title: 'healthCheck path',
      type: 'string',
      pattern: PRODUCTION_PATTERNS.httpPath,
      description:
        'an URL path like /readyz (segments of letters, digits, . _ ~ -, not starting with a dot)',
      examples: ['/readyz'],
    },
  }),
});

export const keepalivedProductionProperties: Record<string, SchemaObject> = {
  preempt: { title: 'preempt', type: 'boolean', examples: [true] },
  preemptDelay: {
    ...int('preemptDelay', 0, 1000, 60),
    description: 'seconds a recovered higher-priority host waits before taking its VIP back',
  },
};

export const haproxyProductionProperties = (p: SharedPatterns): Record<string, SchemaObject> => ({
  maxconn: int('haproxy maxconn', 1, 1_000_000, 4000),
  hardStopAfter: time(p, 'hardStopAfter', '5m'),
  tcpKeepalive: { title: 'tcpKeepalive', type: 'boolean', examples: [true] },
  retries: int('retries', 0, 100, 3),
  metrics: {
    ...object('metrics', {
      bind: {
        title: 'metrics bind',
        type: 'string',
        pattern: p.statsBind,
        description: 'ADDRESS:PORT like 127.0.0.1:8406',
        examples: ['127.0.0.1:8406'],
      },
    }),
    required: ['bind'],
    examples: [{ bind: '127.0.0.1:8406' }],
  },
});
