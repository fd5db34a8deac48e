import { jaAdvice } from '../../protocol/advice/ja.js';
import type { Locale } from '../locale.js';

/**
 * Japanese, in the words the providers' own consoles use (Microsoft Entra: 「クライアント ID」
 * 「クライアント シークレット」「スコープ」「クライアント資格情報の付与」「発行者」). Placeholders come
 * first, as Japanese word order puts them. `el.strings = ja`.
 */
export const ja: Locale = {
  client_id: 'クライアント ID',
  client_secret: 'クライアント シークレット',
  private_key: '秘密鍵 (PEM)',
  key_id: 'キー ID (kid)',
  certificate: '証明書 (PEM)',
  token_url: '発行者またはトークン URL',
  scope: 'スコープ',
  found: '{issuer} のトークン エンドポイントが見つかりました。',
  audience: 'オーディエンス',
  resource: 'リソース',
  advanced: '詳細設定',
  optional: '任意',
  show: '表示',
  hide: '非表示',
  jwks: 'この JWKS URL をプロバイダーのコンソールに登録してください。',
  copy: 'コピー',
  copied: 'コピーしました',
  download: '証明書をダウンロード (Microsoft Entra ID など、JWKS URL の代わりに証明書を求めるコンソール向け)',
  connect: '接続',
  connectInline: 'ポップアップを使わずに接続',
  pending: '接続しています…',
  connected: '接続しました。',
  reset: '別の資格情報を使用',
  update: '{host} の資格情報を更新します。',
  docs: '{provider} のドキュメント',
  choose: '選択してください',
  required: '必須項目です。',
  pattern: '形式を確認してください。',
  httpsUrl: 'https の URL を入力してください。',
  errors: {
    popup_blocked: 'ポップアップがブロックされました。',
    cancelled: '接続が完了する前にウィンドウが閉じられました。',
    timeout: 'タイムアウトしました。もう一度お試しください。',
    ...jaAdvice,
    // The element's meaning: the Worker (not the provider) could not be reached.
    network_error: 'サービスに接続できませんでした。',
  },
};

export default ja;
