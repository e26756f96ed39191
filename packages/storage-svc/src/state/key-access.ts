import {
  AzureError,
  type AzureErrorBody,
  type Clock,
  type ContractClient,
  type entraContract,
  type HandlerContext,
  type keyvaultContract,
  type Logger,
  type NetworkOrigin,
  tokenExchangeAudience,
} from '@cmk-testbed/shared';
import { unwrapWithPlatformKey } from '../envelope/index.js';
import { storageErrorFor } from '../rules/index.js';
import { accountResourceId, parseKid, vaultNameOf } from './account-ids.js';
import type { StoredAccount } from './documents.js';
import { retryWhileThrottled } from './retry-while-throttled.js';

const vaultAudience = 'https://vault.azure.net';

/** Why a key could not be used, as Azure Storage reports it (all 403). */
export type KeyFailure =
  | 'KeyVaultAccessTokenCannotBeAcquired'
  | 'KeyVaultVaultNotFound'
  | 'KeyVaultEncryptionKeyNotFound';

export interface KeyAccessDeps {
  entra: ContractClient<typeof entraContract>;
  keyvault: ContractClient<typeof keyvaultContract>;
  clock: Clock;
  platformKey: Buffer;
  ttlMs: number;
  /** This node's network origin as vaults see it: its egress IP, a trusted Azure service. */
  origin: NetworkOrigin;
  log: Logger;
}

/**
 * How one storage node gets an account's encryption key: unwrapped with the platform key (Microsoft-managed
 * keys), or by the customer's vault with a token from Entra (the account's managed identity, or the federated
 * exchange for cross-tenant CMK). Unwrapped keys are cached per node for a TTL on the testbed clock, so each
 * node discovers a revocation on its own, as a storage stamp does.
 */
export class KeyAccess {
  readonly #deps: KeyAccessDeps;
  readonly #keys = new Map<
    string,
    { key: Buffer; wrapped: string; expiresAt: number; vault?: string | undefined }
  >();
  readonly #tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(deps: KeyAccessDeps) {
    this.#deps = deps;
  }

  /** The account key, or a storage 403 naming why not (with the underlying error as testbed `cause`). */
  async accountKey(account: StoredAccount, ctx: HandlerContext): Promise<Buffer> {
    const now = this.#deps.clock.now();
    const cached = this.#keys.get(account.name);
    if (cached && cached.wrapped === account.wrappedKey.value && now < cached.expiresAt) return cached.key;
    const wrapped = account.wrappedKey;
    if (wrapped.by === 'platform') {
      const key = unwrapWithPlatformKey(
        Buffer.from(wrapped.value, 'base64'),
        this.#deps.platformKey,
        account.name,
      );
      this.#keys.set(account.name, { key, wrapped: wrapped.value, expiresAt: Number.POSITIVE_INFINITY });
      return key;
    }
    const kid = parseKid(wrapped.kid)!;
    const key = await this.#unwrapWithVault(account, kid, Buffer.from(wrapped.value, 'base64'), ctx);
    this.#keys.set(account.name, {
      key,
      wrapped: wrapped.value,
      expiresAt: now + this.#deps.ttlMs,
      vault: kid.vault,
    });
    return key;
  }

  /** Drops cached keys wrapped by a vault (event invalidation) or of one account. */
  forgetVault(vault: string): void {
    for (const [name, entry] of this.#keys) if (entry.vault === vault) this.#keys.delete(name);
  }

  forgetAccount(account: string): void {
    this.#keys.delete(account);
  }

  /** Where a vault lives and its tenant, or KeyVaultVaultNotFound. */
  async resolveVault(keyvaulturi: string, ctx: HandlerContext) {
    const name = vaultNameOf(keyvaulturi);
    if (!name)
      throw this.failure('KeyVaultVaultNotFound', ctx, {
        status: 400,
        code: 'InvalidUri',
        message: `keyvaulturi '${keyvaulturi}' is not a Key Vault URI`,
      });
    const resolved = await this.#deps.keyvault
      .resolveVault({ name }, { deadline: dependencyDeadline(ctx) })
      .catch((error: unknown) => {
        throw this.failure('KeyVaultVaultNotFound', ctx, bodyOf(error));
      });
    if (resolved.deleted) {
      throw this.failure('KeyVaultVaultNotFound', ctx, {
        status: 404,
        code: 'VaultNotFound',
        message: `vault ${name} is deleted`,
      });
    }
    return resolved;
  }

  /** A vault token for the account's encryption identity, from Entra (cached until near expiry). */
  async vaultToken(account: StoredAccount, vaultTenantId: string, ctx: HandlerContext): Promise<string> {
    const resourceId = accountResourceId(account);
    const uami = account.encryption.identity?.userAssignedIdentity;
    const fic = account.encryption.identity?.federatedIdentityClientId;
    const cacheKey = `${resourceId}|${uami ?? 'system'}|${fic ?? ''}|${vaultTenantId}`;
    const now = this.#deps.clock.now();
    const cached = this.#tokens.get(cacheKey);
    if (cached && now < cached.expiresAt) return cached.token;
    const identity = uami ? { identityId: uami } : undefined;
    const opts = { deadline: dependencyDeadline(ctx) };
    try {
      let token: string;
      let lifetimeSec: number;
      if (fic) {
        const assertion = await this.#deps.entra.getManagedIdentityToken(
          { resourceId, resource: tokenExchangeAudience, identity },
          opts,
        );
        const reply = await this.#deps.entra.token(
          {
            tenantId: vaultTenantId,
            grant_type: 'client_credentials',
            client_id: fic,
            scope: `${vaultAudience}/.default`,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion.access_token,
          },
          opts,
        );
        token = reply.access_token;
        lifetimeSec = reply.expires_in;
      } else {
        const reply = await this.#deps.entra.getManagedIdentityToken(
          { resourceId, resource: vaultAudience, identity },
          opts,
        );
        token = reply.access_token;
        lifetimeSec = Number(reply.expires_in);
      }
      // Refresh five minutes before expiry, as the managed-identity SDKs do.
      this.#tokens.set(cacheKey, { token, expiresAt: now + Math.max(0, lifetimeSec - 300) * 1000 });
      return token;
    } catch (error) {
      throw this.failure('KeyVaultAccessTokenCannotBeAcquired', ctx, bodyOf(error));
    }
  }

  /** The storage 403 for a failure cause, with the underlying error as the testbed-only `cause`. */
  failure(code: KeyFailure, ctx: HandlerContext, cause?: AzureErrorBody): AzureError {
    return new AzureError(
      storageErrorFor(code, { requestId: ctx.requestId, time: new Date(ctx.clock.now()), cause }),
    );
  }

  async #unwrapWithVault(
    account: StoredAccount,
    kid: { vault: string; name: string; version: string },
    value: Buffer,
    ctx: HandlerContext,
  ) {
    const vault = await this.resolveVault(`https://${kid.vault}.vault.azure.net`, ctx);
    const authorization = `Bearer ${await this.vaultToken(account, vault.tenantId, ctx)}`;
    // One deadline for every attempt: retries come out of the same budget, they do not extend it.
    const deadline = dependencyDeadline(ctx);
    try {
      const reply = await retryWhileThrottled(
        () =>
          this.#deps.keyvault.unwrapKey(
            {
              vault: kid.vault,
              authorization,
              name: kid.name,
              version: kid.version,
              alg: 'RSA-OAEP',
              value: new Uint8Array(value),
            },
            { scope: vault.location, origin: this.#deps.origin, deadline },
          ),
        // The last attempt needs time for its own round trip before the dependency deadline.
        { clock: this.#deps.clock, lastChanceAt: deadline - 100 },
      );
      return Buffer.from(reply.value);
    } catch (error) {
      throw this.#vaultFailure(bodyOf(error), ctx);
    }
  }

  #vaultFailure(body: AzureErrorBody, ctx: HandlerContext): AzureError {
    if (body.status === 429) {
      return new AzureError(
        storageErrorFor('ServerBusy', {
          requestId: ctx.requestId,
          time: new Date(ctx.clock.now()),
          cause: body,
        }),
      );
    }
    const vaultGone =
      body.code === 'VaultNotFound' ||
      body.code === 'ServiceUnavailable' ||
      body.code === 'OperationTimedOut' ||
      body.code === 'DeadlineExceeded';
    return this.failure(vaultGone ? 'KeyVaultVaultNotFound' : 'KeyVaultEncryptionKeyNotFound', ctx, body);
  }
}

/**
 * Calls to the vault and to Entra end a little before the request's own deadline (a fifth of the time left,
 * at least 50 ms and at most 1 s), so a hung dependency becomes the storage error Azure answers (403
 * KeyVaultVaultNotFound, KeyVaultAccessTokenCannotBeAcquired) instead of the caller's own timeout.
 */
function dependencyDeadline(ctx: { deadline: number }): number {
  const remaining = ctx.deadline - Date.now();
  return ctx.deadline - Math.min(1000, Math.max(50, remaining * 0.2));
}

function bodyOf(error: unknown): AzureErrorBody {
  if (error instanceof AzureError) return error.toBody();
  return {
    status: 500,
    code: 'InternalError',
    message: error instanceof Error ? error.message : String(error),
  };
}
