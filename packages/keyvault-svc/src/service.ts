import {
  client,
  createTokenVerifier,
  entraContract,
  type HandlerTable,
  JwksCache,
  KeyPairPool,
  keyvaultContract,
  type Runtime,
  type ServedService,
  serveReleasing,
} from '@cmk-testbed/shared';
import type { KeyvaultEnv } from './config.js';
import { deriveMasterKey, type KeyMaterial } from './crypto/index.js';
import {
  assignRole,
  getAuditLog,
  listRoleAssignments,
  removeAccessPolicy,
  removeRoleAssignment,
  setAccessPolicy,
} from './handlers/access.js';
import { decrypt, encrypt, sign, unwrapKey, verify, wrapKey } from './handlers/crypto.js';
import {
  deleteKey,
  getDeletedKey,
  listDeletedKeys,
  purgeDeletedKey,
  recoverDeletedKey,
} from './handlers/deleted-keys.js';
import { importKey } from './handlers/import-key.js';
import { createKey, getKey, listKeys, listKeyVersions, rotateKey, updateKey } from './handlers/keys.js';
import { getKeyRotationPolicy, updateKeyRotationPolicy } from './handlers/rotation-policy.js';
import {
  createVault,
  deleteVault,
  getDeletedVault,
  getVault,
  listVaults,
  purgeDeletedVault,
  recoverDeletedVault,
  resolveVault,
  updateVault,
} from './handlers/vaults.js';
import { AuditLog } from './state/audit-log.js';
import { KeyvaultEvents } from './state/keyvault-events.js';
import type { KeyvaultState } from './state/keyvault-state.js';
import { KeyvaultStore } from './state/keyvault-store.js';
import { LifecycleScheduler } from './state/lifecycle-scheduler.js';
import { MaterialCache } from './state/material-cache.js';
import { OnceClaims } from './state/once-claims.js';
import { SharedVaultThrottle } from './state/shared-vault-throttle.js';
import { VerifiedTokens } from './state/verified-tokens.js';

/** The keyvault contract at a glance: one plain function per operation. */
export const keyvaultHandlers = {
  createVault,
  getVault,
  listVaults,
  updateVault,
  deleteVault,
  getDeletedVault,
  recoverDeletedVault,
  purgeDeletedVault,
  resolveVault,
  assignRole,
  removeRoleAssignment,
  listRoleAssignments,
  setAccessPolicy,
  removeAccessPolicy,
  createKey,
  importKey,
  getKey,
  listKeys,
  listKeyVersions,
  updateKey,
  deleteKey,
  getDeletedKey,
  listDeletedKeys,
  recoverDeletedKey,
  purgeDeletedKey,
  rotateKey,
  getKeyRotationPolicy,
  updateKeyRotationPolicy,
  wrapKey,
  unwrapKey,
  encrypt,
  decrypt,
  sign,
  verify,
  getAuditLog,
} satisfies HandlerTable<typeof keyvaultContract, KeyvaultState>;

/**
 * Opens the vaults in JetStream, fetches token signing keys from entra-svc over the bus (cached, refreshed on
 * an unknown kid), schedules what time will do to existing keys, and serves the region's keyvault contract.
 */
export async function startKeyvaultService(runtime: Runtime<KeyvaultEnv>): Promise<ServedService[]> {
  const { env, nc, clock } = runtime;
  const replicas = env.CMK_JS_REPLICAS;
  const store = await KeyvaultStore.open(nc, replicas);
  const entra = client(nc, entraContract, { caller: runtime.caller, clock, faults: runtime.faults });
  const jwks = new JwksCache({
    now: () => clock.now(),
    fetchJwks: (tenantId) => entra.getJwks({ tenantId }),
  });
  const purges = new LifecycleScheduler(clock, runtime.log);
  const claims = await OnceClaims.open(nc, replicas);
  const audit = await AuditLog.open(
    nc,
    env.CMK_REGION,
    replicas,
    (err, count) =>
      runtime.log.error(
        { err, count },
        'audit entries not acknowledged by JetStream; retried with the next write',
      ),
    env.CMK_KEYVAULT_AUDIT_DURABLE === '1',
  );
  // A key spec joins the pool once a key of it is asked for, not at start-up: a process that never makes a key
  // (most test processes, a standby replica) spends no CPU on them, and the first key costs one generation.
  const keyPairs = new KeyPairPool({
    depth: env.CMK_KEY_POOL_DEPTH,
    onError: (err, spec) => runtime.log.warn({ err, spec }, 'generating a key pair ahead of demand failed'),
  });
  const state: KeyvaultState = {
    store,
    verifier: createTokenVerifier({ jwks, now: () => clock.now() }),
    masterKey: deriveMasterKey(env.CMK_KEYVAULT_MASTER_SECRET),
    keyPairs,
    materials: new MaterialCache<KeyMaterial>(),
    events: new KeyvaultEvents(nc, env.CMK_REGION, () => clock.now()),
    audit,
    purges,
    purgeVault: (name) => purges.purgeVault(name),
    verifiedTokens: new VerifiedTokens(),
    throttle:
      env.CMK_KEYVAULT_THROTTLE_SCALE > 0
        ? await SharedVaultThrottle.open(nc, env.CMK_KEYVAULT_THROTTLE_SCALE, { replicas })
        : undefined,
    rbacPropagationMs: env.CMK_KEYVAULT_RBAC_PROPAGATION,
  };
  // Purge timers, the key pool, the audit batch and the store's mirror go with the service, or with a start
  // that fails and is retried.
  const release = async () => {
    purges.stop();
    await keyPairs.close();
    await state.audit.flush();
    store.close();
  };
  return [
    await serveReleasing(runtime, keyvaultContract, keyvaultHandlers, state, release, () =>
      purges.start(state, env.CMK_REGION, claims),
    ),
  ];
}
