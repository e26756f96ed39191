import { z } from 'zod';

/** A GUID in its usual lowercase 8-4-4-4-12 form (tenant, subscription, object, app and client ids). */
export const guidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID')
  .transform((v) => v.toLowerCase());

/** An Azure resource group or resource name as ARM accepts it in a resource id. */
export const armNameSchema = z
  .string()
  .min(1)
  .max(90)
  .regex(/^[-\w.()]+$/, 'letters, digits, -, _, ., ( and ) only');

/**
 * An ARM resource id: `/subscriptions/<guid>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>`. Azure
 * treats these case-insensitively; the testbed keeps the spelling it was given and compares lowercased.
 */
export const armIdSchema = z
  .string()
  .max(1024)
  .regex(
    /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[-\w.()]+\/providers\/[a-z]+\.[a-z]+\/[a-z]+\/[-\w.()]+$/i,
    'must be an ARM resource id like /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>',
  );

/** The parts of an ARM resource id. */
export function parseArmId(id: string): {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
} {
  const parts = id.split('/');
  return {
    subscriptionId: parts[2]!.toLowerCase(),
    resourceGroup: parts[4]!,
    provider: parts[6]!,
    type: parts[7]!,
    name: parts[8]!,
  };
}
