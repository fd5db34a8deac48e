import type { WorkerErrorCode } from '../error-codes.js';

/**
 * The advice for each code the Worker answers, in German: shown by the element
 * (widget/locales/de.ts) and by the completion page, so both say the same in the same words.
 */
export const deAdvice: Record<WorkerErrorCode, string> = {
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
};
