import type { KeyObject } from 'node:crypto';
import { CURVES, type CurveName } from './curves.js';
import { isRsaKeyType, type KeyMaterial, type KeyType } from './key-material.js';
import { rememberParsedKeys } from './key-object-cache.js';

/** Builds {@link KeyMaterial} from a private KeyObject (generated or imported) and caches the parsed keys. */
export function materialFromPrivateKey(kty: KeyType, privateKey: KeyObject): KeyMaterial {
  const privateKeyDer = privateKey.export({ format: 'der', type: 'pkcs8' });
  const jwk = privateKey.export({ format: 'jwk' });
  let material: KeyMaterial;
  if (isRsaKeyType(kty)) {
    material = {
      kty,
      keySize: privateKey.asymmetricKeyDetails?.modulusLength ?? 0,
      privateKeyDer,
      publicJwk: { kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? '' },
    };
  } else {
    const curve = curveFromNodeJwk(jwk.crv);
    material = {
      kty,
      curve,
      privateKeyDer,
      publicJwk: { kty: 'EC', crv: curve, x: jwk.x ?? '', y: jwk.y ?? '' },
    };
  }
  rememberParsedKeys(material, privateKey);
  return material;
}

// node's JWK export says `secp256k1` where Key Vault says `P-256K`.
function curveFromNodeJwk(crv: string | undefined): CurveName {
  for (const [name, spec] of Object.entries(CURVES)) {
    if (spec.nodeJwkCrv === crv) return name as CurveName;
  }
  throw new Error(`BUG: node produced an EC key on unexpected curve ${crv}`);
}
