import { z } from '@hono/zod-openapi';
import { ALL_ERROR_CODES, type AccessToken, type Connection, type ConnectionList } from '../../protocol/index.js';
import { contract } from '../http/contract.js';
import { params, tenant } from '../http/fields.js';

const epoch = z.number().int().openapi({ description: 'Epoch seconds' });
const nullableCode = z.enum(ALL_ERROR_CODES).nullable();

export const tenantQuery = z.object({ tenant });
export const tokenQuery = z.object({
  tenant,
  force: z
    .enum(['0', '1'], { error: 'must be 1 or 0' })
    .optional()
    .openapi({ description: 'A new token unless the current one is younger than 30 s (after a 401 from the API)' }),
});
/** Any text: a malformed id reads like another tenant's or a deleted one, 404. */
export const connectionPath = z.object({ id: z.string().openapi({ example: 'conn_3x7Hk2mQ9vR4sT8wY1zA5b' }) });

const capturedValues = z.record(z.string(), z.string()).openapi({
  description: "Non-secret values the provider's token answer carried (the profile's tokenResponse.capture)",
});

const probeView = z.object({
  url: z.string(),
  method: z.enum(['GET', 'HEAD']),
  expectStatus: z.array(z.number().int()).optional(),
});

export const connectionSchema = z
  .object({
    id: z.string(),
    token_url: z.string(),
    issuer: z.string().nullable(),
    client_id: z.string(),
    key_id: z.string().nullable(),
    scopes: z.array(z.string()),
    auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt']),
    params: params,
    values: capturedValues,
    probe: probeView.nullable(),
    status: z.enum(['active', 'refresh_failing', 'broken']),
    last_error: nullableCode,
    last_error_description: z.string().nullable(),
    last_checked_at: epoch,
    expires_at: epoch,
    created_at: epoch,
    updated_at: epoch,
  })
  .openapi('Connection');
contract<z.output<typeof connectionSchema>, Connection>();

export const connectionList = z.object({ connections: z.array(connectionSchema) }).openapi('ConnectionList');
contract<z.output<typeof connectionList>, ConnectionList>();

export const accessToken = z
  .object({
    access_token: z.string(),
    token_type: z.string().openapi({ example: 'Bearer' }),
    expires_at: epoch,
    scope: z.string(),
    values: capturedValues,
  })
  .openapi('AccessToken');
contract<z.output<typeof accessToken>, AccessToken>();
