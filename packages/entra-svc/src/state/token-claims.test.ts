import { describe, expect, it } from 'vitest';
import { appTokenClaims, audienceOf, issuerFor, versionFor } from './token-claims.js';

describe('token claims', () => {
  const subject = { tenantId: 't1', objectId: 'o1', clientId: 'c1' };

  it('builds v1 claims for Key Vault with appid and the sts.windows.net issuer', () => {
    const claims = appTokenClaims(subject, 'https://vault.azure.net', 1_700_000_000_500, 3_600_000);
    expect(claims).toEqual({
      aud: 'https://vault.azure.net',
      iss: 'https://sts.windows.net/t1/',
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_003_600,
      appid: 'c1',
      appidacr: '2',
      idtyp: 'app',
      oid: 'o1',
      sub: 'o1',
      tid: 't1',
      ver: '1.0',
    });
  });

  it('builds v2 claims for the token exchange audience, with azp and the login.microsoftonline.com issuer', () => {
    const claims = appTokenClaims(
      { ...subject, managedIdentityResourceId: '/x' },
      'api://AzureADTokenExchange',
      0,
      1000,
    );
    expect(claims).toMatchObject({
      iss: 'https://login.microsoftonline.com/t1/v2.0',
      azp: 'c1',
      ver: '2.0',
      xms_mirid: '/x',
    });
    expect(claims.appid).toBeUndefined();
  });

  it('reads a scope as its resource', () => {
    expect(audienceOf('https://vault.azure.net/.default')).toBe('https://vault.azure.net');
    expect(audienceOf('https://vault.azure.net')).toBe('https://vault.azure.net');
    expect(versionFor('https://vault.azure.net')).toBe('1.0');
    expect(issuerFor('t', '2.0')).toBe('https://login.microsoftonline.com/t/v2.0');
  });
});
