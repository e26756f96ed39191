import { AzureError } from '@cmk-testbed/shared';

/** Key Vault's data-plane error for a key that does not exist (or is deleted), with Azure's wording. */
export function keyNotFound(name: string): AzureError {
  return new AzureError({
    status: 404,
    code: 'KeyNotFound',
    message: `A key with (name/id) ${name} was not found in this key vault. If you recently deleted this key you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  });
}

/**
 * A vault that does not exist in this region. In Azure the vault's host name would not resolve; the testbed
 * answers 404 `VaultNotFound` (storage maps it to KeyVaultVaultNotFound).
 */
export function vaultNotFound(name: string, hint = ''): AzureError {
  return new AzureError({
    status: 404,
    code: 'VaultNotFound',
    message: `The vault '${name}' was not found.${hint}`,
  });
}

export function badParameter(message: string): AzureError {
  return new AzureError({ status: 400, code: 'BadParameter', message });
}

export function conflict(innerCode: string | undefined, message: string): AzureError {
  return new AzureError({ status: 409, code: 'Conflict', innerCode, message });
}

/** ARM-style error of a control-plane operation. */
export function armError(status: number, code: string, message: string): AzureError {
  return new AzureError({ status, code, message });
}
