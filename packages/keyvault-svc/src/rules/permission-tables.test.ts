import { describe, expect, it } from 'vitest';
import { keyOperationPermissions, keyPermissions } from './access-policy-permissions.js';
import { keyDataActions } from './data-actions.js';
import { isKeyOperation, keyOperations } from './key-operations.js';

describe('key operation tables', () => {
  it('lists each operation once', () => {
    expect(new Set(keyOperations).size).toBe(keyOperations.length);
    expect(keyOperations).toHaveLength(23);
  });

  it('maps every operation, and nothing else, to a data action and an access-policy permission', () => {
    expect(Object.keys(keyDataActions).sort()).toEqual([...keyOperations].sort());
    expect(Object.keys(keyOperationPermissions).sort()).toEqual([...keyOperations].sort());
  });

  it('uses only known access-policy permissions, and every permission but `all` is needed by some operation', () => {
    const used = new Set<string>(Object.values(keyOperationPermissions));
    for (const permission of used) expect(keyPermissions).toContain(permission);
    expect(keyPermissions.filter((permission) => !used.has(permission))).toEqual(['all']);
  });

  it('maps the CMK operations to the names Azure shows in its errors', () => {
    expect(keyDataActions.unwrapKey).toBe('Microsoft.KeyVault/vaults/keys/unwrap/action');
    expect(keyDataActions.wrapKey).toBe('Microsoft.KeyVault/vaults/keys/wrap/action');
    expect(keyDataActions.getKey).toBe('Microsoft.KeyVault/vaults/keys/read');
    expect(keyOperationPermissions.unwrapKey).toBe('unwrapKey');
    expect(keyOperationPermissions.getKeyRotationPolicy).toBe('getrotationpolicy');
  });

  it('keeps every data action under Microsoft.KeyVault/vaults/', () => {
    for (const action of Object.values(keyDataActions)) {
      expect(action).toMatch(/^Microsoft\.KeyVault\/vaults\/(keys|keyrotationpolicies)\/[a-z/]+$/);
    }
  });

  it('recognises operation names exactly', () => {
    expect(isKeyOperation('unwrapKey')).toBe(true);
    expect(isKeyOperation('unwrapkey')).toBe(false);
    expect(isKeyOperation('getSecret')).toBe(false);
  });
});
