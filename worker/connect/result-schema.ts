import { z } from '@hono/zod-openapi';
import { ERROR_CODES, RESULT_MESSAGE_TYPE, type ResultMessage } from '../../protocol/index.js';
import { contract } from '../http/contract.js';

/** The result message (protocol/result-message.ts): what the completion page posts, and the JSON mode answers. */
export const resultMessageSchema = z
  .object({
    v: z.literal(1),
    type: z.literal(RESULT_MESSAGE_TYPE),
    state: z.string(),
    status: z.enum(['connected', 'failed']),
    connectionId: z.string().optional(),
    scopes: z.array(z.string()).optional(),
    expiresAt: z.number().int().optional().openapi({ description: 'Epoch seconds' }),
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).optional(),
  })
  .openapi('ResultMessage');
contract<z.output<typeof resultMessageSchema>, ResultMessage>();
