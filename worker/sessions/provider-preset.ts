import type { SessionClaims } from '../../protocol/index.js';
import { invalidRequest } from '../common/failure.js';
import { presetById } from '../providers/catalog.js';

interface PresetMembers {
  provider?: string;
  tokenUrl?: string;
  authMethod?: SessionClaims['authMethod'];
  scopes?: string[];
  params?: SessionClaims['params'];
  fields?: SessionClaims['fields'];
  values?: SessionClaims['values'];
  tokenRequest?: SessionClaims['tokenRequest'];
  tokenResponse?: SessionClaims['tokenResponse'];
}

/**
 * A session body naming a catalog preset (`provider: "zoom"`), expanded: the preset's members,
 * each overridden by the body's own (`params.extra` and `values` merged name by name). A field the
 * host already gave a value for is not asked of the person. The claims keep the preset's id,
 * name, docs and instructions, which the element shows when the host slots none.
 */
export function withPreset<Body extends PresetMembers>(
  body: Body,
): Omit<Body, 'provider'> & { provider?: SessionClaims['provider'] } {
  const { provider: id, ...own } = body;
  if (id === undefined) return own;
  const preset = presetById(id);
  if (!preset) throw invalidRequest('provider names no preset of GET /v1/providers');
  const values = { ...preset.values, ...own.values };
  const fields = (own.fields ?? preset.fields)?.filter((field) => !Object.hasOwn(values, field.name));
  const extra = { ...preset.params?.extra, ...own.params?.extra };
  const params = { ...preset.params, ...own.params, ...(Object.keys(extra).length > 0 ? { extra } : {}) };
  return {
    ...own,
    tokenUrl: own.tokenUrl ?? preset.tokenUrl,
    ...((own.authMethod ?? preset.authMethod) ? { authMethod: own.authMethod ?? preset.authMethod } : {}),
    ...((own.scopes ?? preset.scopes) ? { scopes: own.scopes ?? preset.scopes } : {}),
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(fields && fields.length > 0 ? { fields } : {}),
    ...(Object.keys(values).length > 0 ? { values } : {}),
    ...((own.tokenRequest ?? preset.tokenRequest) ? { tokenRequest: own.tokenRequest ?? preset.tokenRequest } : {}),
    ...((own.tokenResponse ?? preset.tokenResponse)
      ? { tokenResponse: own.tokenResponse ?? preset.tokenResponse }
      : {}),
    provider: { id: preset.id, name: preset.name, docs: preset.docs, instructions: preset.instructions },
  };
}
