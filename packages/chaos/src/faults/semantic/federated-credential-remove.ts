import { z } from 'zod';
import { actionKind, FaultTargetError } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { ignoreNotFound } from '../world/azure-errors.js';
import { refuseMissing } from '../world/refuse-missing.js';

const credentialSchema = z.object({
  name: z.string(),
  issuer: z.string(),
  subject: z.string(),
  audiences: z.array(z.string()),
  description: z.string().optional(),
});

const undoSchema = z.object({ appId: z.string(), credentials: z.array(credentialSchema) });

/**
 * Removes an application's federated identity credentials (`params.name`, or all of them): the federated
 * token exchange then fails with AADSTS70021, and a cross-tenant CMK account answers 403
 * KeyVaultAccessTokenCannotBeAcquired once its cached token and key expire. Undo adds them again with the
 * same name, issuer, subject and audiences (Entra gives them new credential ids).
 */
export const federatedCredentialRemove = actionKind({
  group: 'semantic',
  kind: 'federated-credential-remove',
  description: "Removes an app's federated identity credentials (one by params.name, or all)",
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['app'], params: ['name'] });
    const entra = ctx.operator.entra;
    const { credentials } = await refuseMissing(
      entra.listFederatedCredentials({ appId: target.app }),
      `target.app: there is no application '${target.app}'`,
    );
    const name = request.params.name;
    const chosen = credentials.filter((c) => !name || c.name === name);
    if (chosen.length === 0)
      throw new FaultTargetError(
        name
          ? `params.name: app '${target.app}' has no federated credential '${name}' (it has: ${credentials.map((c) => c.name).join(', ') || 'none'})`
          : `target.app: app '${target.app}' has no federated credentials`,
      );
    const undo = {
      appId: target.app,
      credentials: chosen.map(({ id: _id, ...c }) => c),
    };
    await ctx.remember(undo);
    for (const c of chosen)
      await ignoreNotFound(entra.removeFederatedCredential({ appId: target.app, name: c.name }));
    return {
      effect: `removed ${chosen.length} federated credential(s) of app ${target.app}: ${chosen
        .map((c) => `${c.name} (subject ${c.subject})`)
        .join(', ')}; the token exchange fails with AADSTS70021 until undone`,
      undo,
    };
  },
  async undo(record, ctx) {
    const entra = ctx.operator.entra;
    const { credentials } = await entra.listFederatedCredentials({ appId: record.appId });
    for (const c of record.credentials) {
      if (credentials.some((existing) => existing.name === c.name)) continue;
      await entra.addFederatedCredential({ appId: record.appId, ...c });
    }
  },
});
