import { tokenExchangeAudience } from '@cmk-testbed/shared';
import type { JWTPayload } from 'jose';

/** The token versions Entra issues: v1 (`sts.windows.net`, `appid`) and v2 (`login.microsoftonline.com`, `azp`). */
export function issuerFor(tenantId: string, version: '1.0' | '2.0'): string {
  return version === '1.0'
    ? `https://sts.windows.net/${tenantId}/`
    : `https://login.microsoftonline.com/${tenantId}/v2.0`;
}

/**
 * The version of token issued for an audience. Testbed choice: tokens for `api://AzureADTokenExchange` are
 * v2, since a federated credential's issuer is the v2 form `https://login.microsoftonline.com/<tid>/v2.0`
 * and the assertion's `iss` must match it; every other audience (Key Vault included) gets v1 tokens.
 */
export function versionFor(audience: string): '1.0' | '2.0' {
  return audience === tokenExchangeAudience ? '2.0' : '1.0';
}

/** `https://vault.azure.net/.default` -> `https://vault.azure.net`; a bare resource URI is kept as is. */
export function audienceOf(resourceOrScope: string): string {
  return resourceOrScope.endsWith('/.default')
    ? resourceOrScope.slice(0, -'/.default'.length)
    : resourceOrScope;
}

export interface AppTokenSubject {
  tenantId: string;
  /** The principal the token speaks for: a managed identity's principal id or a service principal's object id. */
  objectId: string;
  /** The client (app) id. */
  clientId: string;
  /** For managed identities: the identity's resource id (`xms_mirid`). */
  managedIdentityResourceId?: string | undefined;
}

/** The claims of an app-only access token, times in epoch seconds from the testbed clock. */
export function appTokenClaims(
  subject: AppTokenSubject,
  audience: string,
  nowMs: number,
  lifetimeMs: number,
): JWTPayload {
  const version = versionFor(audience);
  const iat = Math.floor(nowMs / 1000);
  return {
    aud: audience,
    iss: issuerFor(subject.tenantId, version),
    iat,
    nbf: iat,
    exp: iat + Math.floor(lifetimeMs / 1000),
    ...(version === '1.0'
      ? { appid: subject.clientId, appidacr: '2' }
      : { azp: subject.clientId, azpacr: '2' }),
    idtyp: 'app',
    oid: subject.objectId,
    sub: subject.objectId,
    tid: subject.tenantId,
    ver: version,
    ...(subject.managedIdentityResourceId ? { xms_mirid: subject.managedIdentityResourceId } : {}),
  };
}
