import type { ErrorCode } from '../../protocol/index.js';

/** The languages the completion page speaks; any other is English. */
const COMPLETION_LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type CompletionLanguage = (typeof COMPLETION_LANGUAGES)[number];

/** Codes the Worker can answer with: the element's browser-only outcomes never reach this page. */
type WorkerErrorCode = Exclude<ErrorCode, 'popup_blocked' | 'cancelled' | 'timeout'>;

export interface CompletionStrings {
  complete: string;
  failed: string;
  ready: string;
  closeYourself: string;
  closingNow: string;
  /** `{duration}` is the wait, in the language's own words ("3 Sekunden"). */
  closingIn: string;
  errorCode: string;
  close: string;
  /** Advice by code; English has none here, it shows the Worker's own (protocol's ERROR_MESSAGES). */
  errors?: Record<WorkerErrorCode, string>;
}

/**
 * What the completion page says, by language. The advice for each code is the element's own
 * (widget/locales), so the popup and the element say the same thing in the same words
 * (test/widget/completion-page.test.ts holds them together); `network_error` is the Worker's
 * meaning, the provider unreachable, where the element's is the Worker unreachable.
 */
export const COMPLETION_STRINGS: Record<CompletionLanguage, CompletionStrings> = {
  en: {
    complete: 'Authorization Complete',
    failed: 'Authorization Failed',
    ready: 'The connection is ready. You can return to the application.',
    closeYourself: 'You can close this window.',
    closingNow: 'This window closes now.',
    closingIn: 'This window closes in {duration}.',
    errorCode: 'Error code:',
    close: 'Close',
  },
  de: {
    complete: 'Autorisierung abgeschlossen',
    failed: 'Autorisierung fehlgeschlagen',
    ready: 'Die Verbindung ist bereit. Sie können zur Anwendung zurückkehren.',
    closeYourself: 'Sie können dieses Fenster schließen.',
    closingNow: 'Dieses Fenster wird jetzt geschlossen.',
    closingIn: 'Dieses Fenster wird in {duration} geschlossen.',
    errorCode: 'Fehlercode:',
    close: 'Schließen',
    errors: {
      credentials_unreadable:
        'Die gespeicherten Zugangsdaten oder der Signaturschlüssel sind auf unserer Seite nicht mehr lesbar. Beginnen Sie mit neuen Zugangsdaten, oder wenden Sie sich an den Betreiber der Anwendung.',
      invalid_client:
        'Der Anbieter hat die Client-ID oder den geheimen Clientschlüssel abgelehnt. Prüfen Sie beide Werte und ob der Anbieter sie im Authorization-Header (Basic) oder im Anfragetext erwartet.',
      invalid_scope:
        'Der Anbieter hat die angeforderten Bereiche abgelehnt. Prüfen Sie Schreibweise und Trennzeichen; Microsoft Entra ID erwartet genau einen Bereich der Form <resource>/.default.',
      invalid_request:
        'Der Anfrage fehlt ein Wert, oder ein Wert wird nicht akzeptiert. Prüfen Sie die Felder, die Token-URL und zusätzliche Parameter wie Zielgruppe (audience) oder Ressource (resource).',
      unauthorized_client:
        'Dieser Client darf die Gewährung von Clientanmeldeinformationen (Client Credentials) nicht verwenden. Aktivieren Sie sie für die Anwendung in der Konsole des Anbieters.',
      unsupported_grant_type:
        'Der Anbieter unterstützt unter dieser Token-URL keine Gewährung von Clientanmeldeinformationen (Client Credentials).',
      invalid_grant:
        'Der Anbieter hat die Gewährung abgelehnt. Prüfen Sie, ob die Anwendung aktiv ist und ihre Anmeldeinformationen nicht abgelaufen sind.',
      invalid_target:
        'Der Anbieter hat die Zielgruppe oder Ressource abgelehnt. Prüfen Sie den Wert, den der Anbieter für seine API dokumentiert.',
      provider_unavailable:
        'Der Anbieter hat nicht korrekt geantwortet. Vielleicht ist er nicht erreichbar oder überlastet; versuchen Sie es gleich noch einmal.',
      invalid_response: 'Die Antwort des Anbieters ist keine gültige Token-Antwort. Prüfen Sie die Token-URL.',
      token_url_not_allowed:
        'Diese Token-URL ist nicht zulässig. Sie muss eine https-URL auf dem Standardport sein und einen öffentlichen Host nennen.',
      session_invalid: 'Diese Verbindungssitzung ist ungültig. Laden Sie die Seite neu und versuchen Sie es erneut.',
      session_expired: 'Diese Verbindungssitzung ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.',
      origin_not_allowed: 'Diese Seite darf diese Verbindungssitzung nicht verwenden.',
      rate_limited: 'Zu viele Versuche. Laden Sie die Seite neu und versuchen Sie es erneut.',
      server_error: 'Bei uns ist ein Fehler aufgetreten. Versuchen Sie es gleich noch einmal.',
      probe_failed:
        'Die Anmeldeinformationen funktionieren, aber die API hat das Token nicht akzeptiert. Prüfen Sie die Berechtigungen (Bereiche, Rollen), die diesem Client in der Konsole des Anbieters erteilt wurden.',
      discovery_failed:
        'Unter dieser Aussteller-URL wurden keine Metadaten eines Autorisierungsservers gefunden (RFC 8414, OpenID Connect Discovery). Prüfen Sie die URL oder geben Sie direkt die Token-URL ein.',
      network_error: 'Der Anbieter war nicht erreichbar. Prüfen Sie die Token-URL oder versuchen Sie es später erneut.',
    },
  },
  fr: {
    complete: 'Autorisation terminée',
    failed: 'Échec de l’autorisation',
    ready: 'La connexion est prête. Vous pouvez revenir à l’application.',
    closeYourself: 'Vous pouvez fermer cette fenêtre.',
    closingNow: 'Cette fenêtre se ferme maintenant.',
    closingIn: 'Cette fenêtre se fermera dans {duration}.',
    errorCode: 'Code d’erreur :',
    close: 'Fermer',
    errors: {
      credentials_unreadable:
        'Les identifiants enregistrés ou la clé de signature ne sont plus lisibles de notre côté. Recommencez avec de nouveaux identifiants, ou contactez l’opérateur de l’application.',
      invalid_client:
        'Le fournisseur a refusé l’ID client ou le secret client. Vérifiez les deux valeurs, et si le fournisseur les attend dans l’en-tête Authorization (Basic) ou dans le corps de la requête.',
      invalid_scope:
        'Le fournisseur a refusé les portées demandées. Vérifiez leur orthographe et leur séparateur\u202f; Microsoft Entra ID exige une seule portée de la forme <resource>/.default.',
      invalid_request:
        'Il manque une valeur à la requête, ou une valeur n’est pas acceptée. Vérifiez les champs, l’URL du jeton et les paramètres supplémentaires comme l’audience (audience) ou la ressource (resource).',
      unauthorized_client:
        'Ce client n’est pas autorisé à utiliser l’octroi des informations d’identification du client. Activez-le pour l’application dans la console du fournisseur.',
      unsupported_grant_type:
        'Le fournisseur ne prend pas en charge l’octroi des informations d’identification du client à cette URL de jeton.',
      invalid_grant:
        'Le fournisseur a refusé l’octroi. Vérifiez que l’application est active et que ses identifiants n’ont pas expiré.',
      invalid_target:
        'Le fournisseur a refusé l’audience ou la ressource. Vérifiez la valeur indiquée dans la documentation de son API.',
      provider_unavailable:
        'Le fournisseur n’a pas répondu correctement. Il est peut-être indisponible ou lent\u202f; réessayez dans un instant.',
      invalid_response: 'La réponse du fournisseur n’est pas une réponse de jeton valide. Vérifiez l’URL du jeton.',
      token_url_not_allowed:
        'Cette URL de jeton n’est pas autorisée. Elle doit être une URL https sur le port standard, désignant un hôte public.',
      session_invalid: 'Cette session de connexion n’est pas valide. Rechargez la page et réessayez.',
      session_expired: 'Cette session de connexion a expiré. Rechargez la page et réessayez.',
      origin_not_allowed: 'Cette page n’est pas autorisée à utiliser cette session de connexion.',
      rate_limited: 'Trop de tentatives. Rechargez la page et réessayez.',
      server_error: 'Une erreur s’est produite de notre côté. Réessayez dans un instant.',
      probe_failed:
        'Les identifiants fonctionnent, mais l’API n’a pas accepté le jeton. Vérifiez les autorisations (portées, rôles) accordées à ce client dans la console du fournisseur.',
      discovery_failed:
        'Aucune métadonnée de serveur d’autorisation n’a été trouvée à cette URL d’émetteur (RFC 8414, OpenID Connect Discovery). Vérifiez l’URL, ou saisissez directement l’URL du jeton.',
      network_error: 'Le fournisseur est injoignable. Vérifiez l’URL du jeton ou réessayez plus tard.',
    },
  },
  es: {
    complete: 'Autorización completada',
    failed: 'Error de autorización',
    ready: 'La conexión está lista. Puede volver a la aplicación.',
    closeYourself: 'Puede cerrar esta ventana.',
    closingNow: 'Esta ventana se cierra ahora.',
    closingIn: 'Esta ventana se cerrará en {duration}.',
    errorCode: 'Código de error:',
    close: 'Cerrar',
    errors: {
      credentials_unreadable:
        'Las credenciales guardadas o la clave de firma ya no se pueden leer en nuestro lado. Empiece de nuevo con credenciales nuevas, o consulte al operador de la aplicación.',
      invalid_client:
        'El proveedor rechazó el ID de cliente o el secreto de cliente. Compruebe ambos valores y si el proveedor los espera en el encabezado Authorization (Basic) o en el cuerpo de la solicitud.',
      invalid_scope:
        'El proveedor rechazó los ámbitos solicitados. Compruebe cómo están escritos y el separador; Microsoft Entra ID requiere un único ámbito con la forma <resource>/.default.',
      invalid_request:
        'A la solicitud le falta un valor o tiene uno que no se acepta. Revise los campos, la URL del token y los parámetros adicionales, como la audiencia (audience) o el recurso (resource).',
      unauthorized_client:
        'Este cliente no tiene permiso para usar la concesión de credenciales de cliente. Habilítela para la aplicación en la consola del proveedor.',
      unsupported_grant_type: 'El proveedor no admite la concesión de credenciales de cliente en esta URL del token.',
      invalid_grant:
        'El proveedor rechazó la concesión. Compruebe que la aplicación esté activa y que sus credenciales no hayan caducado.',
      invalid_target:
        'El proveedor rechazó la audiencia o el recurso. Compruebe el valor que el proveedor documenta para su API.',
      provider_unavailable:
        'El proveedor no respondió correctamente. Puede que no esté disponible o que vaya lento; vuelva a intentarlo en un momento.',
      invalid_response: 'La respuesta del proveedor no es una respuesta de token válida. Compruebe la URL del token.',
      token_url_not_allowed:
        'Esta URL del token no está permitida. Debe ser una URL https en el puerto estándar que indique un host público.',
      session_invalid: 'Esta sesión de conexión no es válida. Vuelva a cargar la página e inténtelo de nuevo.',
      session_expired: 'Esta sesión de conexión ha caducado. Vuelva a cargar la página e inténtelo de nuevo.',
      origin_not_allowed: 'Esta página no tiene permiso para usar esta sesión de conexión.',
      rate_limited: 'Demasiados intentos. Vuelva a cargar la página e inténtelo de nuevo.',
      server_error: 'Se produjo un error por nuestra parte. Vuelva a intentarlo en un momento.',
      probe_failed:
        'Las credenciales funcionan, pero la API no aceptó el token. Compruebe los permisos (ámbitos, roles) concedidos a este cliente en la consola del proveedor.',
      discovery_failed:
        'No se encontraron metadatos de un servidor de autorización en esta URL del emisor (RFC 8414, OpenID Connect Discovery). Compruebe la URL o introduzca directamente la URL del token.',
      network_error:
        'No se pudo contactar con el proveedor. Compruebe la URL del token o vuelva a intentarlo más tarde.',
    },
  },
  ja: {
    complete: '認可が完了しました',
    failed: '認可に失敗しました',
    ready: '接続の準備ができました。アプリケーションに戻ってください。',
    closeYourself: 'このウィンドウは閉じてかまいません。',
    closingNow: 'このウィンドウはまもなく閉じます。',
    closingIn: 'このウィンドウは {duration}後に閉じます。',
    errorCode: 'エラー コード:',
    close: '閉じる',
    errors: {
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
    },
  },
};

const isCompletionLanguage = (tag: string): tag is CompletionLanguage =>
  (COMPLETION_LANGUAGES as readonly string[]).includes(tag);

/**
 * The page's language: the session's `locale` (BCP 47) when it is one the page speaks, else the
 * first of the browser's `Accept-Language` (RFC 9110 §12.5.4, by weight) that is, else English.
 * Only the primary subtag counts: `de-AT` is German.
 */
export function completionLanguage(locale?: string, acceptLanguage = ''): CompletionLanguage {
  const weighed = acceptLanguage
    .split(',')
    .map((entry) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter(({ q }) => q > 0)
    .sort((a, b) => b.q - a.q)
    .map(({ tag }) => tag);
  for (const tag of [locale ?? '', ...weighed]) {
    const primary = tag.split('-')[0]!.toLowerCase();
    if (isCompletionLanguage(primary)) return primary;
  }
  return 'en';
}
