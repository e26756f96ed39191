/**
 * The token claims Key Vault echoes back in its 403 messages. `tid` is optional because Key Vault errors only
 * ever show `iss`; when absent, the tenant is read from the issuer (`https://sts.windows.net/<tid>/`).
 */
export type KeyVaultCaller = {
  appid: string;
  oid: string;
  iss: string;
  tid?: string;
};

/** Renders the caller the way every Key Vault 403 does: `appid=<appid>;oid=<oid>;iss=<iss>`. */
export function formatCaller(caller: KeyVaultCaller): string {
  return `appid=${caller.appid};oid=${caller.oid};iss=${caller.iss}`;
}

/** The caller's tenant: the `tid` claim, else the GUID-ish path segment of a v1/v2 issuer URL. */
export function callerTenantId(caller: KeyVaultCaller): string | undefined {
  if (caller.tid) return caller.tid;
  // v1 issuers are https://sts.windows.net/<tid>/, v2 are https://login.microsoftonline.com/<tid>/v2.0.
  const match = /^https:\/\/[^/]+\/([0-9a-fA-F-]{36})(?:\/|$)/.exec(caller.iss);
  return match?.[1];
}
