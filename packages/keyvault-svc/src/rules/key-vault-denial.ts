/**
 * A refusal carrying the exact Azure Key Vault error: HTTP status, top-level `code`, `innererror.code` and
 * message. It maps 1:1 onto the shared AzureError body; it is a plain type here so these rules stay free of
 * any wire or NATS dependency.
 */
export type KeyVaultDenial = {
  status: number;
  code: string;
  innerCode?: string;
  message: string;
};
