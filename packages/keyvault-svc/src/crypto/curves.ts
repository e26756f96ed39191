/**
 * The EC curves Key Vault offers, keyed by Key Vault's `crv` name. `nodeName` is what node:crypto and OpenSSL
 * call the curve (`P-256K` is `secp256k1` there, also in node's JWK import/export). `order` is the group order
 * n, which ECDSA over a precomputed digest needs (see ecdsa-prehashed.ts).
 */
export const CURVES = {
  'P-256': {
    nodeName: 'prime256v1',
    nodeJwkCrv: 'P-256',
    fieldBytes: 32,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  'P-384': {
    nodeName: 'secp384r1',
    nodeJwkCrv: 'P-384',
    fieldBytes: 48,
    order:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  'P-521': {
    nodeName: 'secp521r1',
    nodeJwkCrv: 'P-521',
    fieldBytes: 66,
    order:
      0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
  'P-256K': {
    nodeName: 'secp256k1',
    nodeJwkCrv: 'secp256k1',
    fieldBytes: 32,
    order: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  },
} as const;

export type CurveName = keyof typeof CURVES;

/** True if `value` is one of Key Vault's curve names (own keys only, so `toString` is not a curve). */
export function isCurveName(value: unknown): value is CurveName {
  return typeof value === 'string' && Object.hasOwn(CURVES, value);
}
