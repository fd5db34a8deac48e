import type { WorkerErrorCode } from '../error-codes.js';

/**
 * The advice for each code the Worker answers, in Japanese: shown by the element
 * (widget/locales/ja.ts) and by the completion page, so both say the same in the same words.
 */
export const jaAdvice: Record<WorkerErrorCode, string> = {
  credentials_unreadable:
    '保存された認証情報または署名鍵をこちら側で読み取れなくなりました。新しい認証情報でやり直すか、アプリケーションの運用者にお問い合わせください。',
  invalid_client:
    'プロバイダーがクライアント ID またはクライアント シークレットを拒否しました。両方の値と、プロバイダーがそれらを Authorization ヘッダー (Basic) とリクエスト本文のどちらで受け取るかを確認してください。',
  invalid_scope:
    'プロバイダーが要求されたスコープを拒否しました。つづりと区切り文字を確認してください。Microsoft Entra ID では <resource>/.default 形式のスコープを 1 つだけ指定する必要があります。',
  invalid_request:
    'リクエストに値が不足しているか、受け付けられない値があります。各項目、トークン URL、audience や resource などの追加パラメーターを確認してください。',
  unauthorized_client:
    'このクライアントはクライアント資格情報の付与を使用できません。プロバイダーのコンソールで、このアプリケーションに対して有効にしてください。',
  unsupported_grant_type: 'このトークン URL では、プロバイダーはクライアント資格情報の付与をサポートしていません。',
  invalid_grant:
    'プロバイダーが付与を拒否しました。アプリケーションが有効で、資格情報の有効期限が切れていないことを確認してください。',
  invalid_target:
    'プロバイダーがオーディエンスまたはリソースを拒否しました。プロバイダーが API について記載している値を確認してください。',
  provider_unavailable:
    'プロバイダーから正しい応答がありませんでした。停止しているか、応答が遅い可能性があります。しばらくしてからもう一度お試しください。',
  invalid_response: 'プロバイダーの応答は有効なトークン応答ではありません。トークン URL を確認してください。',
  token_url_not_allowed:
    'このトークン URL は使用できません。標準ポートで公開ホストを指す https の URL である必要があります。',
  session_invalid: 'この接続セッションは無効です。ページを再読み込みして、もう一度お試しください。',
  session_expired: 'この接続セッションの有効期限が切れました。ページを再読み込みして、もう一度お試しください。',
  origin_not_allowed: 'このページはこの接続セッションを使用できません。',
  rate_limited: '試行回数が多すぎます。ページを再読み込みして、もう一度お試しください。',
  server_error: 'こちらで問題が発生しました。しばらくしてからもう一度お試しください。',
  probe_failed:
    '資格情報は有効ですが、API がトークンを受け付けませんでした。プロバイダーのコンソールで、このクライアントに付与されているアクセス許可 (スコープ、ロール) を確認してください。',
  discovery_failed:
    'この発行者 URL で認可サーバーのメタデータが見つかりませんでした (RFC 8414、OpenID Connect Discovery)。URL を確認するか、トークン URL を直接入力してください。',
  network_error:
    'プロバイダーに接続できませんでした。トークン URL を確認するか、しばらくしてからもう一度お試しください。',
};
