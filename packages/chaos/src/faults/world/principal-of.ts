import { type FaultContext, type FaultRequest, FaultTargetError } from '../fault-kind.js';
import { isBadRequest, isNotFound } from './azure-errors.js';
import { findAccount } from './find-account.js';

export interface Principal {
  principalId: string;
  /** In words, for effects: `user-assigned identity uami1`, `the system-assigned identity of acct1`, ... */
  description: string;
}

/**
 * The principal a target names: `identity` (a user-assigned identity's ARM id, or any object id), `account`
 * (its system-assigned identity) or `app` + `tenant` (the app's service principal in that tenant).
 */
export async function principalOf(ctx: FaultContext, target: FaultRequest['target']): Promise<Principal> {
  const given = (['identity', 'account', 'app'] as const).filter((k) => target[k] !== undefined);
  if (given.length !== 1) {
    throw new FaultTargetError(
      'target: name the principal with exactly one of target.identity, target.account or target.app (+ target.tenant)',
    );
  }
  if (target.app === undefined && target.tenant !== undefined)
    throw new FaultTargetError('target.tenant: only read together with target.app');
  if (target.identity !== undefined) return identityPrincipal(ctx, target.identity);
  if (target.account !== undefined) return systemAssignedOf(ctx, target.account);
  if (target.tenant === undefined)
    throw new FaultTargetError("target.tenant is required with target.app (the service principal's tenant)");
  return servicePrincipalOf(ctx, target.app!, target.tenant);
}

async function identityPrincipal(ctx: FaultContext, identity: string): Promise<Principal> {
  if (!identity.startsWith('/')) return { principalId: identity, description: `principal ${identity}` };
  try {
    const uami = await ctx.operator.entra.getUserAssignedIdentity({ id: identity });
    return { principalId: uami.principalId, description: `user-assigned identity ${uami.name}` };
  } catch (error) {
    if (isNotFound(error))
      throw new FaultTargetError(`target.identity: there is no user-assigned identity '${identity}'`);
    if (isBadRequest(error)) throw new FaultTargetError(`target.identity: ${(error as Error).message}`);
    throw error;
  }
}

async function systemAssignedOf(ctx: FaultContext, account: string): Promise<Principal> {
  const found = await findAccount(ctx, account);
  const principalId = found.account.identity.principalId;
  if (!principalId || !found.account.identity.type.includes('SystemAssigned'))
    throw new FaultTargetError(`target.account: account '${account}' has no system-assigned identity`);
  return { principalId, description: `the system-assigned identity of account ${account}` };
}

export async function servicePrincipalOf(ctx: FaultContext, app: string, tenant: string): Promise<Principal> {
  try {
    const sp = await ctx.operator.entra.getServicePrincipal({ appId: app, tenantId: tenant });
    return {
      principalId: sp.objectId,
      description: `the service principal of app ${app} in tenant ${tenant}`,
    };
  } catch (error) {
    if (isNotFound(error))
      throw new FaultTargetError(`target.app: app '${app}' has no service principal in tenant '${tenant}'`);
    if (isBadRequest(error)) throw new FaultTargetError(`target: ${(error as Error).message}`);
    throw error;
  }
}
