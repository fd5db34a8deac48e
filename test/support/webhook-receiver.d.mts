export function verifySignature(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  now?: number,
): boolean;
export function startWebhookReceiver(options: { secret: string }): Promise<{ url: string; close(): Promise<void> }>;
