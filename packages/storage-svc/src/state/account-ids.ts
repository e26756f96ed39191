import type { StoredAccount } from './documents.js';

export function accountResourceId(
  a: Pick<StoredAccount, 'subscriptionId' | 'resourceGroup' | 'name'>,
): string {
  return `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${a.name}`;
}

/** `https://kv1.vault.azure.net[/]` -> `kv1`; undefined when the URI is not a Key Vault URI. */
export function vaultNameOf(keyvaulturi: string): string | undefined {
  return /^https:\/\/([a-zA-Z0-9-]{3,24})\.vault\.azure\.net\/?$/i
    .exec(keyvaulturi.trim())?.[1]
    ?.toLowerCase();
}

/** `https://kv1.vault.azure.net/keys/cmk/<version>` -> its parts. */
export function parseKid(kid: string): { vault: string; name: string; version: string } | undefined {
  const m = /^https:\/\/([a-z0-9-]+)\.vault\.azure\.net\/keys\/([0-9a-zA-Z-]+)\/([0-9a-f]{32})$/i.exec(kid);
  return m ? { vault: m[1]!.toLowerCase(), name: m[2]!, version: m[3]! } : undefined;
}
