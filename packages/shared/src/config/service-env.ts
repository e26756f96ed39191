import { z } from 'zod';
import { logLevels } from '../log/logger.js';

const ipv4 = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'must be an IPv4 address');

/**
 * The environment every service process reads (the supervisor sets it; so does docker-compose). Service
 * packages extend it with their own variables in their `config.ts`.
 */
export const serviceEnvSchema = z.object({
  NATS_URL: z
    .string()
    .min(1, 'must name at least one NATS server URL')
    .default('nats://127.0.0.1:4222')
    .transform((v) => v.split(',').map((s) => s.trim())),
  CMK_INSTANCE: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and - only'),
  CMK_REGION: z
    .string()
    .regex(/^[a-z0-9]+$/, 'an Azure region name such as eastus')
    .default('eastus'),
  CMK_EGRESS_IP: ipv4.default('198.51.100.1'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** Set by the supervisor: the process also exits when its stdin closes (the supervisor is gone). */
  CMK_SUPERVISED: z.enum(['0', '1']).default('0'),
  /** Replicas of the testbed's JetStream buckets: 3 on a three-server cluster, so state survives a server. */
  CMK_JS_REPLICAS: z.enum(['1', '3']).default('1').transform(Number),
  /** Default reply deadline for requests without one, ms. */
  CMK_DEFAULT_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(5000),
});

export type ServiceEnv = z.output<typeof serviceEnvSchema>;
