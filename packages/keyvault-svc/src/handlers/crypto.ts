import {
  AzureError,
  type HandlerContext,
  type HandlerTable,
  type keyvaultContract,
} from '@cmk-testbed/shared';
import {
  decrypt as decryptWith,
  encrypt as encryptWith,
  KeyCryptoError,
  sign as signWith,
  unwrapKey as unwrapWith,
  verify as verifyWith,
  wrapKey as wrapWith,
} from '../crypto/index.js';
import type { KeyOperation } from '../rules/index.js';
import { authorize } from '../state/authorize.js';
import { checkObjectState, checkThrottle } from '../state/key-guards.js';
import { pickVersion } from '../state/key-lookup.js';
import { materialOf } from '../state/key-material-store.js';
import type { KeyvaultState } from '../state/keyvault-state.js';
import { kidOf } from '../state/present-key.js';
import { audited } from './audited.js';

type Handlers = HandlerTable<typeof keyvaultContract, KeyvaultState>;
type CryptoRequest = {
  vault: string;
  authorization?: string | undefined;
  name: string;
  version?: string | undefined;
};

/** The full check chain for a crypto operation, then the key material of the version it names. */
async function prepare(
  operation: KeyOperation,
  req: CryptoRequest,
  state: KeyvaultState,
  ctx: HandlerContext,
) {
  const { vault, caller } = await authorize(state, ctx, req, operation, req.name);
  const { key, version } = pickVersion(
    (await state.store.keys(vault.name).get(req.name))?.value,
    req.name,
    req.version,
  );
  checkObjectState(operation, version, vault, caller, ctx);
  await checkThrottle(state, vault, 'other', version, ctx);
  return {
    kid: kidOf(vault.name, key.name, version.version),
    material: materialOf(state, vault.name, key.name, version),
  };
}

/** Runs a crypto primitive; bad input (wrong size, wrong algorithm for the key) becomes a 400 BadParameter. */
function run<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof KeyCryptoError) {
      throw new AzureError({ status: 400, code: 'BadParameter', message: error.message });
    }
    throw error;
  }
}

export const wrapKey: Handlers['wrapKey'] = audited('wrapKey', async (req, state, ctx) => {
  const { kid, material } = await prepare('wrapKey', req, state, ctx);
  return run(() => ({ kid, value: wrapWith(req.alg, material, req.value) }));
});

export const unwrapKey: Handlers['unwrapKey'] = audited('unwrapKey', async (req, state, ctx) => {
  const { kid, material } = await prepare('unwrapKey', req, state, ctx);
  return run(() => ({ kid, value: unwrapWith(req.alg, material, req.value) }));
});

export const encrypt: Handlers['encrypt'] = audited('encrypt', async (req, state, ctx) => {
  const { kid, material } = await prepare('encrypt', req, state, ctx);
  return run(() => ({ kid, value: encryptWith(req.alg, material, req.value) }));
});

export const decrypt: Handlers['decrypt'] = audited('decrypt', async (req, state, ctx) => {
  const { kid, material } = await prepare('decrypt', req, state, ctx);
  return run(() => ({ kid, value: decryptWith(req.alg, material, req.value) }));
});

export const sign: Handlers['sign'] = audited('sign', async (req, state, ctx) => {
  const { kid, material } = await prepare('sign', req, state, ctx);
  return run(() => ({ kid, value: signWith(req.alg, material, req.value) }));
});

export const verify: Handlers['verify'] = audited('verify', async (req, state, ctx) => {
  const { material } = await prepare('verify', req, state, ctx);
  return run(() => ({ value: verifyWith(req.alg, material, req.digest, req.value) }));
});
