import { describe, expect, it } from 'vitest';
import { type KeyOperation, keyOperations } from './key-operations.js';
import { checkKeyOperation, type KeyStateAttributes, type KeyStateInput } from './key-state.js';

const nowMs = 1_700_000_000_000;
const nowSec = nowMs / 1000;
const allOps = ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt', 'sign', 'verify'];
const caller = {
  appid: '6f9dce08-500c-44b0-9670-309c358201c0',
  oid: '5fde8331-374a-4550-b1fa-b2bc8eb86a7c',
  iss: 'https://sts.windows.net/da427fed-0866-4706-809a-9d39896ddf3d/',
};

function check(operation: KeyOperation, key: Partial<KeyStateAttributes> = {}, now = nowMs) {
  const input: KeyStateInput = {
    operation,
    key: { enabled: true, keyOps: allOps, ...key },
    now,
    caller,
    vaultName: 'kv-cmk',
    vaultLocation: 'eastus',
  };
  return checkKeyOperation(input);
}

const allowedOps = (key: Partial<KeyStateAttributes>) =>
  keyOperations.filter((operation) => check(operation, key).allowed);

describe('checkKeyOperation', () => {
  it('allows every operation on an enabled key with all key_ops and no validity window', () => {
    expect(allowedOps({})).toEqual([...keyOperations]);
  });

  describe('on a disabled key', () => {
    it('refuses unwrapKey with the exact Azure KeyDisabled error', () => {
      expect(check('unwrapKey', { enabled: false })).toEqual({
        allowed: false,
        denial: {
          status: 403,
          code: 'Forbidden',
          innerCode: 'KeyDisabled',
          message: 'Operation unwrapKey is not allowed on a disabled key.',
        },
      });
    });

    it('refuses GET and every crypto operation but leaves management operations alone', () => {
      expect(allowedOps({ enabled: false })).toEqual([
        'listKeys',
        'listKeyVersions',
        'createKey',
        'importKey',
        'updateKey',
        'deleteKey',
        'getDeletedKey',
        'listDeletedKeys',
        'recoverDeletedKey',
        'purgeDeletedKey',
        'backupKey',
        'restoreKey',
        'rotateKey',
        'getKeyRotationPolicy',
        'updateKeyRotationPolicy',
      ]);
    });

    it('reports disabled before a missing key_op', () => {
      const decision = check('decrypt', { enabled: false, keyOps: [] });
      expect(decision.allowed === false && decision.denial.innerCode).toBe('KeyDisabled');
    });
  });

  describe('key_ops', () => {
    it('refuses a crypto operation the key does not list, with the exact Azure message', () => {
      expect(check('decrypt', { keyOps: ['wrapKey', 'unwrapKey'] })).toEqual({
        allowed: false,
        denial: {
          status: 403,
          code: 'Forbidden',
          innerCode: 'ForbiddenByPolicy',
          message:
            'Operation is not allowed.\r\nOperation: "decrypt"\r\n' +
            'Caller: appid=6f9dce08-500c-44b0-9670-309c358201c0;oid=5fde8331-374a-4550-b1fa-b2bc8eb86a7c;iss=https://sts.windows.net/da427fed-0866-4706-809a-9d39896ddf3d/\r\n' +
            'Vault: kv-cmk;location=eastus',
        },
      });
    });

    it('gates each of the six crypto operations on its own key_op, and nothing else', () => {
      for (const keyOp of allOps) {
        const crypto = allowedOps({ keyOps: [keyOp] }).filter((operation) => allOps.includes(operation));
        expect(crypto).toEqual([keyOp]);
      }
      expect(allowedOps({ keyOps: [] })).toEqual(
        keyOperations.filter((operation) => !allOps.includes(operation)),
      );
    });

    it('compares key_ops case-insensitively', () => {
      expect(check('unwrapKey', { keyOps: ['UNWRAPKEY'] }).allowed).toBe(true);
    });
  });

  describe('validity window', () => {
    const expired = { exp: nowSec - 1 };
    const notYetValid = { nbf: nowSec + 60 };

    it('refuses wrapKey, encrypt and sign on an expired key with KeyExpired', () => {
      for (const operation of ['wrapKey', 'encrypt', 'sign'] as const) {
        expect(check(operation, expired)).toEqual({
          allowed: false,
          denial: {
            status: 403,
            code: 'Forbidden',
            innerCode: 'KeyExpired',
            message: `Operation ${operation} is not allowed on an expired key.`,
          },
        });
      }
    });

    it('still allows unwrapKey, decrypt, verify, release and management on an expired key (expiry never revokes)', () => {
      expect(allowedOps(expired)).toEqual(
        keyOperations.filter((operation) => !['wrapKey', 'encrypt', 'sign'].includes(operation)),
      );
    });

    it('refuses wrapKey before nbf with KeyNotYetValid', () => {
      expect(check('wrapKey', notYetValid)).toEqual({
        allowed: false,
        denial: {
          status: 403,
          code: 'Forbidden',
          innerCode: 'KeyNotYetValid',
          message: 'Operation wrapKey is not allowed on a key that is not yet valid.',
        },
      });
      expect(check('unwrapKey', notYetValid).allowed).toBe(true);
    });

    it('treats nbf as the first valid instant and exp as the first expired one', () => {
      expect(check('wrapKey', { nbf: nowSec }, nowMs).allowed).toBe(true);
      expect(check('wrapKey', { nbf: nowSec }, nowMs - 1).allowed).toBe(false);
      expect(check('wrapKey', { exp: nowSec }, nowMs - 1).allowed).toBe(true);
      expect(check('wrapKey', { exp: nowSec }, nowMs).allowed).toBe(false);
    });

    it('allows wrapKey inside the window', () => {
      expect(check('wrapKey', { nbf: nowSec - 60, exp: nowSec + 60 }).allowed).toBe(true);
    });

    it('reports a missing key_op before expiry', () => {
      const decision = check('wrapKey', { exp: nowSec - 1, keyOps: ['unwrapKey'] });
      expect(decision.allowed === false && decision.denial.innerCode).toBe('ForbiddenByPolicy');
    });
  });
});
