import { AzureError, type HandlerTable, type keyvaultContract } from '@cmk-testbed/shared';
import { type ImportJsonWebKey, importKeyMaterial, KeyMaterialError } from '../crypto/index.js';
import { addVersion } from '../state/add-version.js';
import { authorize } from '../state/authorize.js';
import { checkThrottle } from '../state/key-guards.js';
import type { KeyvaultState } from '../state/keyvault-state.js';
import { presentKey } from '../state/present-key.js';
import { audited } from './audited.js';

type Handlers = HandlerTable<typeof keyvaultContract, KeyvaultState>;

export const importKey: Handlers['importKey'] = audited('importKey', async (req, state, ctx) => {
  const { vault } = await authorize(state, ctx, req, 'importKey', req.name);
  let material: ReturnType<typeof importKeyMaterial>;
  try {
    material = importKeyMaterial(req.key as unknown as ImportJsonWebKey, { hsm: req.hsm ?? false });
  } catch (error) {
    if (error instanceof KeyMaterialError) {
      throw new AzureError({
        status: 400,
        code: 'BadParameter',
        message: `key.${error.field}: ${error.reason}`,
      });
    }
    throw error;
  }
  // Charged after parsing, as the kind of key imported: an HSM import costs an HSM create.
  await checkThrottle(state, vault, 'create', material, ctx);
  const keyOps = Array.isArray(req.key.key_ops) ? (req.key.key_ops as string[]) : undefined;
  const { key, version } = await addVersion(
    state,
    vault,
    req.name,
    material,
    { keyOps, attributes: req.attributes, tags: req.tags },
    ctx.clock.now(),
  );
  return presentKey(key, version, vault);
});
