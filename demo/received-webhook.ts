/** One delivery as the demo's webhook receiver keeps it (GET /__webhooks answers `{deliveries}`, newest first). */
export interface ReceivedWebhook {
  /** 1, 2, 3… in arrival order, so the page adds only what it has not shown yet. */
  n: number;
  receivedAt: number;
  /** Whether the Standard Webhooks signature verified with the development secret. */
  verified: boolean;
  /** Why it did not. */
  reason?: string;
  id?: string;
  type?: string;
  connection_id?: string;
  tenant?: string;
  status?: string;
  error_code?: string;
}
