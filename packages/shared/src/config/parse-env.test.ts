import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { durationEnv } from './duration-env.js';
import { ConfigError, parseEnv } from './parse-env.js';
import { serviceEnvSchema } from './service-env.js';

describe('parseEnv', () => {
  it('reads the service environment with its defaults', () => {
    const env = parseEnv(serviceEnvSchema, {
      CMK_INSTANCE: 'storage-eastus-1',
      NATS_URL: 'nats://a:1, nats://b:2',
    });
    expect(env).toMatchObject({ CMK_INSTANCE: 'storage-eastus-1', CMK_REGION: 'eastus', LOG_LEVEL: 'info' });
    expect(env.NATS_URL).toEqual(['nats://a:1', 'nats://b:2']);
  });

  it('names every bad variable, its value and the reason', () => {
    const error = (() => {
      try {
        parseEnv(serviceEnvSchema, {
          CMK_INSTANCE: 'Bad Name',
          LOG_LEVEL: 'loud',
          CMK_DEFAULT_TIMEOUT_MS: 'soon',
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toMatch(/CMK_INSTANCE: lowercase letters, digits and - only \(got 'Bad Name'\)/);
    expect(text).toMatch(/LOG_LEVEL: .*\(got 'loud'\)/);
    expect(text).toMatch(/CMK_DEFAULT_TIMEOUT_MS: .*\(got 'soon'\)/);
  });

  it('says when a required variable is not set', () => {
    expect(() => parseEnv(serviceEnvSchema, {})).toThrow(/CMK_INSTANCE: .*not set/);
  });
});

describe('durationEnv', () => {
  it('reads an ISO 8601 duration as milliseconds and names the variable when it is not one', () => {
    const schema = z.object({ TTL: durationEnv('PT10M') });
    expect(parseEnv(schema, {}).TTL).toBe(600_000);
    expect(parseEnv(schema, { TTL: 'P1D' }).TTL).toBe(86_400_000);
    expect(() => parseEnv(schema, { TTL: '10 minutes' })).toThrow(
      /TTL: .*not an ISO 8601 duration.*got '10 minutes'/,
    );
  });
});
