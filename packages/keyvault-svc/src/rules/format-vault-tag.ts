/** The `<name>;location=<location>` tag that ends every Key Vault 403 message. */
export function formatVaultTag(vaultName: string, vaultLocation: string): string {
  return `${vaultName};location=${vaultLocation}`;
}
