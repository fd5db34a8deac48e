import { createRoute, z } from '@hono/zod-openapi';
import { AUTH_METHODS, type ProviderPreset } from '../../protocol/index.js';
import { contract } from '../http/contract.js';
import { params } from '../http/fields.js';
import { errors, json, PUBLIC, routes } from '../http/openapi.js';
import { PRESETS } from './catalog.js';
import { profileField, tokenRequestShape, tokenResponseShape } from './profile-schema.js';

const preset = z
  .object({
    id: z.string().openapi({ example: 'zoom' }),
    name: z.string().openapi({ example: 'Zoom' }),
    tokenUrl: z.string().openapi({ description: 'A token URL, possibly templated ({name} from fields or values)' }),
    docs: z.string().openapi({ description: "The provider's documentation page the preset follows" }),
    instructions: z.string().openapi({ description: "Steps in the provider's console words, one per line" }),
    fields: z.array(profileField).optional(),
    authMethod: z.enum(AUTH_METHODS).optional(),
    scopes: z.array(z.string()).optional(),
    params: params.optional(),
    tokenRequest: tokenRequestShape.optional(),
    tokenResponse: tokenResponseShape.optional(),
  })
  .openapi('ProviderPreset');

const catalog = z.object({ providers: z.array(preset) }).openapi('ProviderCatalog');
contract<z.output<typeof catalog>['providers'][number], ProviderPreset>();

const listProviders = createRoute({
  method: 'get',
  path: '/',
  tags: ['Providers'],
  operationId: 'listProviders',
  summary: 'The catalog of provider presets a session may name (`provider`)',
  security: PUBLIC,
  responses: { 200: json(catalog, 'Every preset, in id order; public and cacheable'), ...errors() },
});

/** GET /v1/providers: public (no key: nothing in it is secret), cacheable for an hour. */
export const providerRoutes = routes().openapi(listProviders, (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.json({ providers: [...PRESETS] }, 200);
});
