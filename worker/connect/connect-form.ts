import type { ProbeSpec, SessionClaims } from '../../protocol/index.js';
import type { ExchangeRequest } from '../exchange/exchange-types.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import { clientCredential, extraParams, scopeField } from '../http/input-rules.js';
import { checkTokenUrl, type TokenUrlPolicy } from '../outbound/token-url-policy.js';

/** The string fields of a POST /v1/connect body. */
export type ConnectForm = Record<string, string>;

const MAX_CLOSE_AFTER = 600;

/** Seconds before the popup closes itself; null (stay open) when absent or out of range. */
export function closeAfterField(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_CLOSE_AFTER ? seconds : null;
}

/** Locked values come from the signed session; unlocked ones from the form, else the preset. */
function mergeValues(claims: SessionClaims, form: ConnectForm) {
  const locked = (field: SessionClaims['locked'][number]) => claims.locked.includes(field);
  const tokenUrl = locked('tokenUrl') ? claims.tokenUrl : form.token_url?.trim() || claims.tokenUrl;
  const typedScopes = locked('scopes') ? '' : (form.scope?.trim() ?? '');
  const scopes = typedScopes ? scopeField(typedScopes) : (claims.scopes ?? []);
  const params = locked('params')
    ? (claims.params ?? {})
    : extraParams({
        audience: form.audience?.trim() || claims.params?.audience,
        resource: form.resource?.trim() || claims.params?.resource,
        // A provider quirk the embedding organisation knows; the person never picks it.
        scopeSeparator: claims.params?.scopeSeparator,
      });
  return { tokenUrl, scopes, params };
}

/** A URL from the session, vetted again: the policy may have tightened since the session was minted. */
function stillAllowed(url: string, field: string, policy: TokenUrlPolicy) {
  const verdict = checkTokenUrl(url, policy);
  if (!verdict.ok) throw new ApiError(400, 'token_url_not_allowed', `${field}: ${verdict.reason}`);
  return verdict;
}

/**
 * The exchange a connect form asks for, under its session's locks and the URL policy, and the
 * session's probe. Throws ApiError (invalid_request, token_url_not_allowed) naming the field,
 * never echoing it.
 */
export function exchangeRequestOf(
  claims: SessionClaims,
  form: ConnectForm,
  policy: TokenUrlPolicy,
): { request: ExchangeRequest; plainHttp: boolean; probe?: ProbeSpec } {
  const clientId = clientCredential(form.client_id, 'client_id');
  const clientSecret = clientCredential(form.client_secret, 'client_secret');
  const { tokenUrl, scopes, params } = mergeValues(claims, form);
  if (!tokenUrl) throw invalidRequest('a token URL is required');
  const verdict = checkTokenUrl(tokenUrl, policy);
  if (!verdict.ok) throw new ApiError(400, 'token_url_not_allowed', verdict.reason);
  const probe = claims.probe && { ...claims.probe, url: stillAllowed(claims.probe.url, 'probe.url', policy).url.href };
  return {
    request: { tokenUrl: verdict.url.href, clientId, clientSecret, scopes, params, authMethod: claims.authMethod },
    plainHttp: verdict.plainHttp,
    ...(probe ? { probe } : {}),
  };
}
