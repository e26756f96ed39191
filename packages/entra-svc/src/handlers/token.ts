import { createHash } from 'node:crypto';
import {
  type entraContract,
  type HandlerContext,
  type HandlerTable,
  tokenExchangeAudience,
} from '@cmk-testbed/shared';
import { decodeJwt } from 'jose';
import type { StoredApplication } from '../state/documents.js';
import { aadstsError } from '../state/entra-errors.js';
import type { EntraState } from '../state/entra-state.js';
import { servicePrincipalKey } from '../state/entra-store.js';
import { matchFederatedCredential } from '../state/federated-credential-rules.js';
import { appTokenClaims, audienceOf } from '../state/token-claims.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;
type TokenRequest = Parameters<Handlers['token']>[0];

/**
 * The v2.0 token endpoint's client-credentials grant, checked in Entra's order: tenant, application and its
 * service principal in that tenant, the client credential (federated assertion or secret), scope. The token
 * is issued by the requested tenant for the service principal. Failures carry Entra's AADSTS codes.
 */
export const token: Handlers['token'] = async (req, state, ctx) => {
  const now = ctx.clock.now();
  const { store } = state;
  const tenant = await store.tenants.get(req.tenantId);
  if (!tenant)
    throw aadstsError(
      400,
      'invalid_request',
      90002,
      `Tenant '${req.tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      now,
    );
  const app = await store.applications.get(req.client_id);
  const sp = await store.servicePrincipals.get(servicePrincipalKey(req.tenantId, req.client_id));
  if (!app || !sp) {
    throw aadstsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${req.client_id}' was not found in the directory '${tenant.value.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      now,
    );
  }
  if (req.client_assertion !== undefined) await checkAssertion(req, app.value, state, ctx);
  else if (req.client_secret !== undefined) checkSecret(req.client_secret, app.value, now);
  else
    throw aadstsError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      now,
    );
  if (!req.scope.endsWith('/.default')) {
    throw aadstsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${req.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      now,
    );
  }
  const claims = appTokenClaims(
    { tenantId: req.tenantId, objectId: sp.value.objectId, clientId: app.value.appId },
    audienceOf(req.scope),
    now,
    state.tokenLifetimeMs,
  );
  const lifetime = Math.floor(state.tokenLifetimeMs / 1000);
  return {
    token_type: 'Bearer' as const,
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: await state.signer.sign(req.tenantId, claims),
  };
};

async function checkAssertion(
  req: TokenRequest,
  app: StoredApplication,
  state: EntraState,
  ctx: HandlerContext,
) {
  const now = ctx.clock.now();
  if (req.client_assertion_type === undefined) {
    throw aadstsError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_assertion_type'.",
      now,
    );
  }
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(req.client_assertion!);
  } catch {
    throw aadstsError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.', now);
  }
  const aud = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  const presented = { iss: claims.iss ?? '', sub: claims.sub ?? '', aud };
  if (!matchFederatedCredential(app.federatedCredentials, presented)) {
    throw aadstsError(
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${presented.iss}'. Assertion Subject: '${presented.sub}'. Assertion Audience: '${aud.join(', ')}'.`,
      now,
    );
  }
  // No `issuers`: the verifier then wants the issuer of the tenant whose key signed the assertion (keys are
  // found by its `tid`). Trusting the matched `iss` instead let a token signed by one tenant claim another's.
  const verified = await state.assertions.verify(req.client_assertion!, { audience: tokenExchangeAudience });
  if (verified.ok) return;
  if (verified.failure === 'issuer' || verified.failure === 'audience') {
    const [aadsts, claim, value] =
      verified.failure === 'issuer'
        ? [700211, 'issuer', presented.iss]
        : [700212, 'audience', aud.join(', ')];
    throw aadstsError(
      401,
      'invalid_client',
      aadsts,
      `No matching federated identity record found for presented assertion ${claim} '${value}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. (${verified.message})`,
      now,
    );
  }
  if (verified.failure === 'expired' || verified.failure === 'not-before') {
    const from = new Date((claims.nbf ?? 0) * 1000).toISOString();
    const to = new Date((claims.exp ?? 0) * 1000).toISOString();
    throw aadstsError(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${new Date(now).toISOString()}, assertion valid from ${from}, expiry time of assertion ${to}.`,
      now,
    );
  }
  throw aadstsError(
    401,
    'invalid_client',
    700027,
    `Client assertion failed signature validation. (${verified.message})`,
    now,
  );
}

function checkSecret(secret: string, app: StoredApplication, now: number): void {
  const sha256 = createHash('sha256').update(secret).digest('hex');
  const match = app.secrets.find((s) => s.sha256 === sha256);
  if (!match) {
    throw aadstsError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
      now,
    );
  }
  if (now >= match.endDateTime) {
    throw aadstsError(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${app.appId}' are expired.`,
      now,
    );
  }
}
