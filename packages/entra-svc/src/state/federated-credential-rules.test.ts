import type { FederatedCredential } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import {
  addFederatedCredentialTo,
  matchFederatedCredential,
  maxFederatedCredentials,
} from './federated-credential-rules.js';

const fic = (n: number, over: Partial<FederatedCredential> = {}): FederatedCredential => ({
  id: `id-${n}`,
  name: `fic-${n}`,
  issuer: 'https://login.microsoftonline.com/t1/v2.0',
  subject: `principal-${n}`,
  audiences: ['api://AzureADTokenExchange'],
  ...over,
});

describe('federated identity credential rules', () => {
  it('accepts up to 20 credentials and refuses the 21st', () => {
    let list: FederatedCredential[] = [];
    for (let n = 0; n < maxFederatedCredentials; n++) list = addFederatedCredentialTo(list, fic(n));
    expect(list).toHaveLength(20);
    expect(() => addFederatedCredentialTo(list, fic(99))).toThrow(/at most 20/);
  });

  it('refuses a second credential with the same issuer and subject, or the same name', () => {
    const list = [fic(1)];
    expect(() => addFederatedCredentialTo(list, fic(2, { subject: 'principal-1' }))).toThrow(
      /pair must be unique/,
    );
    expect(() => addFederatedCredentialTo(list, fic(2, { name: 'fic-1' }))).toThrow(
      /named 'fic-1' already exists/,
    );
  });

  it('accepts wrong values at creation (they fail only at exchange)', () => {
    expect(
      addFederatedCredentialTo([], fic(1, { issuer: 'https://nowhere.example/', audiences: ['wrong'] })),
    ).toHaveLength(1);
  });

  it('matches an assertion on issuer, subject and audience exactly, case included', () => {
    const list = [fic(1)];
    const assertion = {
      iss: 'https://login.microsoftonline.com/t1/v2.0',
      sub: 'principal-1',
      aud: ['api://AzureADTokenExchange'],
    };
    expect(matchFederatedCredential(list, assertion)?.name).toBe('fic-1');
    expect(matchFederatedCredential(list, { ...assertion, sub: 'PRINCIPAL-1' })).toBeUndefined();
    expect(
      matchFederatedCredential(list, { ...assertion, iss: 'https://sts.windows.net/t1/' }),
    ).toBeUndefined();
    expect(
      matchFederatedCredential(list, { ...assertion, aud: ['https://vault.azure.net'] }),
    ).toBeUndefined();
  });
});
