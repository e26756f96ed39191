export { generateKeyPairFor, onDemandKeyPairs } from './generate-key-pair-for.js';
export { DEFAULT_KEY_POOL_DEPTH, KeyPairPool, type KeyPairPoolOptions } from './key-pair-pool.js';
export { type KeyPair, type KeyPairSource, type KeyPairSpec, keyPairSpecId } from './key-pair-spec.js';
export { keyPoolDepthEnv } from './key-pool-depth-env.js';
