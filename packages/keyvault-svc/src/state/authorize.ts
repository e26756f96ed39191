import { AzureError, type HandlerContext, JwksFetchError, type TokenClaims } from '@cmk-testbed/shared';
import { requireVault } from '../handlers/vaults.js';
import {
  evaluateAccessPolicy,
  evaluateFirewall,
  evaluateRbac,
  type KeyOperation,
  type KeyVaultCaller,
} from '../rules/index.js';
import type { StoredVault } from './documents.js';
import type { KeyvaultState } from './keyvault-state.js';
import { vaultResourceId } from './present-vault.js';

export const vaultAudience = 'https://vault.azure.net';

export interface AuthorizedCall {
  vault: StoredVault;
  caller: KeyVaultCaller;
}

/**
 * Key Vault's checks before any object is touched, in its order: the bearer token (401), the firewall (403
 * ForbiddenByFirewall), then the caller's permission for the operation (403 ForbiddenByRbac or
 * ForbiddenByPolicy). Object state and throttling come after, where the key is known.
 */
export async function authorize(
  state: KeyvaultState,
  ctx: HandlerContext,
  request: { vault: string; authorization?: string | undefined },
  operation: KeyOperation,
  keyName?: string,
): Promise<AuthorizedCall> {
  const vault = await requireVault(state, request.vault, ctx);
  const caller = await authenticate(state, vault, request.authorization, ctx.clock.now());
  const firewall = evaluateFirewall(vault, ctx.origin);
  if (!firewall.allowed) throw new AzureError(firewall.denial);
  const now = ctx.clock.now();
  const decision = vault.enableRbacAuthorization
    ? evaluateRbac({
        operation,
        principalId: caller.oid,
        caller,
        vaultName: vault.name,
        vaultLocation: vault.location,
        vaultResourceId: vaultResourceId(vault),
        keyName,
        assignments: ((await state.store.roles.get(vault.name))?.value.assignments ?? []).map((a) => ({
          ...a,
          scope: a.scope === '/' ? ('vault' as const) : { key: a.scope.slice('/keys/'.length) },
        })),
        now,
        propagationDelayMs: state.rbacPropagationMs,
      })
    : evaluateAccessPolicy({
        operation,
        caller,
        vaultName: vault.name,
        vaultLocation: vault.location,
        policies: vault.accessPolicies,
      });
  if (!decision.allowed) throw new AzureError(decision.denial);
  return { vault, caller };
}

function unauthorized(vault: StoredVault, message: string): AzureError {
  return new AzureError({
    status: 401,
    code: 'Unauthorized',
    message,
    details: {
      wwwAuthenticate: `Bearer authorization="https://login.windows.net/${vault.tenantId}", resource="${vaultAudience}"`,
    },
  });
}

async function authenticate(
  state: KeyvaultState,
  vault: StoredVault,
  authorization: string | undefined,
  now: number,
): Promise<KeyVaultCaller> {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw unauthorized(vault, 'AKV10000: Request is missing a Bearer or PoP token.');
  const known = state.verifiedTokens.get(token, now);
  if (known) return callerOf(vault, known);
  let result: Awaited<ReturnType<KeyvaultState['verifier']['verify']>>;
  try {
    result = await state.verifier.verify(token, { audience: vaultAudience });
  } catch (error) {
    if (error instanceof JwksFetchError) {
      throw new AzureError({
        status: 503,
        code: 'ServiceUnavailable',
        message: `Could not fetch the signing keys of tenant ${error.tenantId} to validate the token.`,
      });
    }
    throw error;
  }
  if (!result.ok) {
    if (result.failure === 'audience') {
      const found = result.message.replace(/^.*found /, '');
      throw unauthorized(vault, `AKV10022: Invalid audience. Expected ${vaultAudience}, found: ${found}.`);
    }
    throw unauthorized(vault, `Token validation failed: ${result.message}`);
  }
  state.verifiedTokens.remember(token, result.claims);
  return callerOf(vault, result.claims);
}

function callerOf(vault: StoredVault, claims: TokenClaims): KeyVaultCaller {
  if (claims.tid.toLowerCase() !== vault.tenantId.toLowerCase()) {
    throw unauthorized(
      vault,
      `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vault.tenantId}/, https://login.microsoftonline.com/${vault.tenantId}/v2.0, found ${claims.iss}.`,
    );
  }
  return {
    appid: claims.appid ?? claims.azp ?? '',
    oid: claims.oid ?? claims.sub ?? '',
    iss: claims.iss,
    tid: claims.tid,
  };
}
