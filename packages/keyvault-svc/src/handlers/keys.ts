import { AzureError, type HandlerTable, type keyvaultContract } from '@cmk-testbed/shared';
import { generateKeyMaterial, KeyMaterialError } from '../crypto/index.js';
import { addVersion } from '../state/add-version.js';
import { authorize } from '../state/authorize.js';
import type { StoredKeyVersion } from '../state/documents.js';
import { checkObjectState, checkThrottle } from '../state/key-guards.js';
import { pickVersion } from '../state/key-lookup.js';
import type { KeyvaultState } from '../state/keyvault-state.js';
import { keyAttributes, keyBaseId, kidOf, presentKey } from '../state/present-key.js';
import { audited } from './audited.js';

type Handlers = HandlerTable<typeof keyvaultContract, KeyvaultState>;

export const createKey: Handlers['createKey'] = audited('createKey', async (req, state, ctx) => {
  const { vault } = await authorize(state, ctx, req, 'createKey', req.name);
  await checkThrottle(state, vault, 'create', { kty: req.kty, keySize: req.key_size }, ctx);
  const material = await generateKeyMaterial(
    { kty: req.kty, keySize: req.key_size, curve: req.crv },
    state.keyPairs,
  ).catch((error: unknown) => {
    if (error instanceof KeyMaterialError) {
      throw new AzureError({
        status: 400,
        code: 'BadParameter',
        message: `${error.field}: ${error.reason}`,
      });
    }
    throw error;
  });
  const { key, version } = await addVersion(
    state,
    vault,
    req.name,
    material,
    { keyOps: req.key_ops, attributes: req.attributes, tags: req.tags },
    ctx.clock.now(),
  );
  return presentKey(key, version, vault);
});

export const getKey: Handlers['getKey'] = audited('getKey', async (req, state, ctx) => {
  const { vault, caller } = await authorize(state, ctx, req, 'getKey', req.name);
  const { key, version } = pickVersion(
    (await state.store.keys(vault.name).get(req.name))?.value,
    req.name,
    req.version,
  );
  checkObjectState('getKey', version, vault, caller, ctx);
  await checkThrottle(state, vault, 'other', version, ctx);
  return presentKey(key, version, vault);
});

export const listKeys: Handlers['listKeys'] = audited('listKeys', async (req, state, ctx) => {
  const { vault } = await authorize(state, ctx, req, 'listKeys');
  const keys = (await state.store.keys(vault.name).list()).filter((k) => !k.deleted);
  return {
    value: keys.map((k) => ({
      kid: keyBaseId(vault.name, k.name),
      attributes: keyAttributes(k.versions.at(-1)!, vault),
      ...(k.versions.at(-1)!.tags ? { tags: k.versions.at(-1)!.tags } : {}),
    })),
  };
});

export const listKeyVersions: Handlers['listKeyVersions'] = audited(
  'listKeyVersions',
  async (req, state, ctx) => {
    const { vault } = await authorize(state, ctx, req, 'listKeyVersions', req.name);
    const { key } = pickVersion((await state.store.keys(vault.name).get(req.name))?.value, req.name);
    return {
      value: key.versions.map((v) => ({
        kid: kidOf(vault.name, key.name, v.version),
        attributes: keyAttributes(v, vault),
      })),
    };
  },
);

export const updateKey: Handlers['updateKey'] = audited('updateKey', async (req, state, ctx) => {
  const { vault } = await authorize(state, ctx, req, 'updateKey', req.name);
  const nowSec = Math.floor(ctx.clock.now() / 1000);
  let changed: StoredKeyVersion | undefined;
  const key = await state.store.keys(vault.name).mutate(req.name, (current) => {
    const { key: live, version } = pickVersion(current, req.name, req.version);
    const { nbf, exp, ...unchanged } = version;
    changed = {
      ...unchanged,
      // `null` removes the attribute; leaving it out keeps it.
      ...withOptional('nbf', req.attributes?.nbf === undefined ? nbf : req.attributes.nbf),
      ...withOptional('exp', req.attributes?.exp === undefined ? exp : req.attributes.exp),
      ...(req.attributes?.enabled !== undefined ? { enabled: req.attributes.enabled } : {}),
      ...(req.key_ops ? { keyOps: req.key_ops } : {}),
      ...(req.tags ? { tags: req.tags } : {}),
      updated: nowSec,
    };
    return { ...live, versions: live.versions.map((v) => (v.version === version.version ? changed! : v)) };
  });
  if (req.attributes?.enabled !== undefined) {
    state.events.publish(req.attributes.enabled ? 'KeyEnabled' : 'KeyDisabled', {
      vault: vault.name,
      key: req.name,
      version: changed!.version,
      kid: kidOf(vault.name, req.name, changed!.version),
    });
  }
  state.purges.keyChanged(key!);
  return presentKey(key!, changed!, vault);
});

function withOptional<K extends string>(name: K, value: number | null | undefined) {
  return (value === null || value === undefined ? {} : { [name]: value }) as { [P in K]?: number };
}

export const rotateKey: Handlers['rotateKey'] = audited('rotateKey', async (req, state, ctx) => {
  const { vault } = await authorize(state, ctx, req, 'rotateKey', req.name);
  // An HSM key's rotation is an HSM create: charge the kind of key being rotated (404 before the budget).
  const { version: latest } = pickVersion(
    (await state.store.keys(vault.name).get(req.name))?.value,
    req.name,
  );
  await checkThrottle(state, vault, 'create', latest, ctx);
  const { key, version } = await state.purges.rotate(vault, req.name);
  return presentKey(key, version, vault);
});
