/**
 * The webhook secret wrangler.toml's development [vars] carry: the demo's receiver verifies with
 * it, and a production deployment that still carries it refuses to serve. Published, so useless
 * for anything else. ("dev-only-webhook-secret-32-bytes", base64.)
 */
export const DEV_WEBHOOK_SECRET = 'whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQtMzItYnl0ZXM=';
