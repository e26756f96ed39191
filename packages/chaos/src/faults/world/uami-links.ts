import { z } from 'zod';
import type { FaultContext } from '../fault-kind.js';
import { everyAccount } from './find-account.js';

/** A storage account a user-assigned identity is attached to. */
export const attachedAccountSchema = z.object({ region: z.string(), name: z.string() });

/** A federated credential that trusts an identity (its subject is the identity's principal id). */
export const trustingCredentialSchema = z.object({ appId: z.string(), name: z.string() });

/** The storage accounts a user-assigned identity is attached to, in every region. */
export async function accountsUsing(ctx: FaultContext, identityId: string) {
  const wanted = identityId.toLowerCase();
  return (await everyAccount(ctx))
    .filter(({ account }) =>
      Object.keys(account.identity.userAssignedIdentities ?? {}).some((id) => id.toLowerCase() === wanted),
    )
    .map(({ region, account }) => ({ region, name: account.name }));
}

/** The federated credentials, of every application, whose subject is this principal. */
export async function credentialsTrusting(ctx: FaultContext, principalId: string) {
  const found: z.output<typeof trustingCredentialSchema>[] = [];
  for (const app of (await ctx.operator.entra.listApplications({})).applications) {
    const { credentials } = await ctx.operator.entra.listFederatedCredentials({ appId: app.appId });
    for (const c of credentials.filter((c) => c.subject === principalId))
      found.push({ appId: app.appId, name: c.name });
  }
  return found;
}

/** Points federated credentials that trusted the old principal at the new one (same name and issuer). */
export async function retargetCredentials(
  ctx: FaultContext,
  credentials: readonly z.output<typeof trustingCredentialSchema>[],
  from: string,
  to: string,
): Promise<void> {
  const entra = ctx.operator.entra;
  for (const { appId, name } of credentials) {
    const current = (await entra.listFederatedCredentials({ appId })).credentials.find(
      (c) => c.name === name,
    );
    if (!current || current.subject !== from) continue;
    await entra.removeFederatedCredential({ appId, name });
    await entra.addFederatedCredential({
      appId,
      name,
      issuer: current.issuer,
      subject: to,
      audiences: current.audiences,
      ...(current.description ? { description: current.description } : {}),
    });
  }
}
