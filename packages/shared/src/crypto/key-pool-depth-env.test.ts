import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseEnv } from '../config/parse-env.js';
import { keyPoolDepthEnv } from './key-pool-depth-env.js';

const schema = z.object({ CMK_KEY_POOL_DEPTH: keyPoolDepthEnv() });

describe('keyPoolDepthEnv', () => {
  it('defaults to 2 and takes 0 (pool off) or another whole number', () => {
    expect(parseEnv(schema, {}).CMK_KEY_POOL_DEPTH).toBe(2);
    expect(parseEnv(schema, { CMK_KEY_POOL_DEPTH: '0' }).CMK_KEY_POOL_DEPTH).toBe(0);
    expect(parseEnv(schema, { CMK_KEY_POOL_DEPTH: '5' }).CMK_KEY_POOL_DEPTH).toBe(5);
  });

  it.each(['-1', '1.5', 'many', '17'])('refuses %s, naming the variable', (value) => {
    expect(() => parseEnv(schema, { CMK_KEY_POOL_DEPTH: value })).toThrow(ConfigError);
    expect(() => parseEnv(schema, { CMK_KEY_POOL_DEPTH: value })).toThrow(/CMK_KEY_POOL_DEPTH/);
  });
});
