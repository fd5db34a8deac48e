import { deAdvice } from '../../protocol/advice/de.js';
import { esAdvice } from '../../protocol/advice/es.js';
import { frAdvice } from '../../protocol/advice/fr.js';
import { jaAdvice } from '../../protocol/advice/ja.js';
import type { WorkerErrorCode } from '../../protocol/index.js';

/** The languages the completion page speaks; any other is English. */
const COMPLETION_LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type CompletionLanguage = (typeof COMPLETION_LANGUAGES)[number];

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
 * What the completion page says, by language. The advice for each code is protocol's
 * (protocol/advice/), which the element's locales use too, so the popup and the element say the
 * same thing in the same words.
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
    errors: deAdvice,
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
    errors: frAdvice,
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
    errors: esAdvice,
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
    errors: jaAdvice,
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
