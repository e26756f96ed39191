import { createHash } from 'node:crypto';
import {
  client,
  decodeBody,
  entraContract,
  eventSubjects,
  type HandlerTable,
  keyvaultContract,
  type Runtime,
  type ServedService,
  serveOn,
  storageContract,
} from '@cmk-testbed/shared';
import type { StorageEnv } from './config.js';
import {
  createAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  updateAccount,
} from './handlers/accounts.js';
import { copyBlob, leaseBlob, setBlobProperties, setBlobTier, snapshotBlob } from './handlers/blob-extras.js';
import {
  deleteBlob,
  getBlob,
  getBlobMetadata,
  getBlobProperties,
  listBlobs,
  putBlob,
  setBlobMetadata,
} from './handlers/blobs.js';
import { appendBlock, getBlockList, putBlock, putBlockList, putPage } from './handlers/blocks.js';
import {
  createContainer,
  deleteContainer,
  getContainerProperties,
  listContainers,
  setContainerMetadata,
} from './handlers/containers.js';
import {
  createDirectory,
  deleteDirectory,
  getDirectoryProperties,
  listDirectoriesAndFiles,
  setDirectoryMetadata,
} from './handlers/directories.js';
import {
  copyFile,
  createFile,
  deleteFile,
  getFile,
  getFileMetadata,
  getFileProperties,
  putRange,
  renameFile,
  setFileMetadata,
  setFileProperties,
} from './handlers/files.js';
import { createQueue, deleteMessage, getMessages, peekMessages, putMessage } from './handlers/queues.js';
import { createPermission, createShare, deleteShare, getPermission } from './handlers/shares.js';
import { createTable, deleteEntity, getEntity, insertEntity, queryEntities } from './handlers/tables.js';
import { KeyAccess } from './state/key-access.js';
import { KeyVersionCheck } from './state/key-version-check.js';
import type { StorageState } from './state/storage-state.js';
import { StorageStore } from './state/storage-store.js';

/** The storage contract at a glance: one plain function per operation. */
export const storageHandlers = {
  createAccount,
  getAccount,
  listAccounts,
  updateAccount,
  deleteAccount,
  createContainer,
  deleteContainer,
  listContainers,
  getContainerProperties,
  setContainerMetadata,
  putBlob,
  getBlob,
  getBlobProperties,
  getBlobMetadata,
  setBlobMetadata,
  deleteBlob,
  listBlobs,
  putBlock,
  putBlockList,
  getBlockList,
  appendBlock,
  putPage,
  snapshotBlob,
  copyBlob,
  setBlobTier,
  setBlobProperties,
  leaseBlob,
  createShare,
  deleteShare,
  createDirectory,
  deleteDirectory,
  getDirectoryProperties,
  setDirectoryMetadata,
  listDirectoriesAndFiles,
  createFile,
  putRange,
  getFile,
  getFileProperties,
  setFileProperties,
  getFileMetadata,
  setFileMetadata,
  copyFile,
  renameFile,
  deleteFile,
  createPermission,
  getPermission,
  createQueue,
  putMessage,
  getMessages,
  peekMessages,
  deleteMessage,
  createTable,
  insertEntity,
  getEntity,
  queryEntities,
  deleteEntity,
} satisfies HandlerTable<typeof storageContract, StorageState>;

/**
 * Opens the accounts in JetStream and serves the region's storage contract. With event invalidation on, the
 * node also listens to every vault's key events and drops affected cached keys at once.
 */
export async function startStorageService(runtime: Runtime<StorageEnv>): Promise<ServedService[]> {
  const { env, nc, clock } = runtime;
  const store = await StorageStore.open(nc, env.CMK_JS_REPLICAS);
  const entra = client(nc, entraContract, { caller: runtime.caller, clock, faults: runtime.faults });
  const keyvault = client(nc, keyvaultContract, {
    caller: runtime.caller,
    region: env.CMK_REGION,
    clock,
    faults: runtime.faults,
    origin: runtime.origin,
  });
  // The platform key is derived from a shared secret so every node of every region unwraps the same way.
  const platformKey = createHash('sha256')
    .update(`cmk-testbed platform key/${env.CMK_STORAGE_PLATFORM_SECRET}`)
    .digest();
  const keys = new KeyAccess({
    entra,
    keyvault,
    clock,
    platformKey,
    ttlMs: env.CMK_STORAGE_KEY_CACHE_TTL,
    origin: runtime.origin,
    log: runtime.log,
  });
  const state: StorageState = { store, keys, entra, keyvault, platformKey, profile: env.CMK_STORAGE_PROFILE };
  const events =
    env.CMK_STORAGE_EVENT_INVALIDATION === '1'
      ? nc.subscribe(eventSubjects('keyvault'), {
          callback: (_err, msg) => {
            const event = decodeBody(msg.data) as { vault?: string };
            if (event.vault) keys.forgetVault(event.vault);
          },
        })
      : undefined;
  const versionCheck = new KeyVersionCheck(clock, runtime.log, env.CMK_REGION);
  versionCheck.start(state);
  const served = await serveOn(runtime, storageContract, storageHandlers, state);
  return [
    {
      get up() {
        return served.up;
      },
      async stop() {
        events?.unsubscribe();
        versionCheck.stop();
        await served.stop();
        store.close();
      },
    },
  ];
}
