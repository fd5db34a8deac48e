import type { Locale } from '../locale.js';

/**
 * German, in the words the providers' own consoles use (Microsoft Entra: „Client-ID“, „Geheimer
 * Clientschlüssel“, „Bereiche“, „Clientanmeldeinformationen“; Google: „Clientschlüssel“).
 * `el.strings = de`.
 */
export const de: Locale = {
  client_id: 'Client-ID',
  client_secret: 'Geheimer Clientschlüssel',
  private_key: 'Privater Schlüssel (PEM)',
  key_id: 'Schlüssel-ID (kid)',
  token_url: 'Aussteller- oder Token-URL',
  scope: 'Bereiche',
  found: 'Token-Endpunkt von {issuer} gefunden.',
  audience: 'Zielgruppe (Audience)',
  resource: 'Ressource',
  advanced: 'Erweitert',
  optional: 'Optional',
  show: 'Anzeigen',
  hide: 'Ausblenden',
  jwks: 'Registrieren Sie diese JWKS-URL in der Konsole des Anbieters.',
  copy: 'Kopieren',
  copied: 'Kopiert',
  connect: 'Verbinden',
  connectInline: 'Ohne Pop-up-Fenster verbinden',
  pending: 'Verbindung wird hergestellt…',
  connected: 'Verbunden.',
  reset: 'Andere Zugangsdaten verwenden',
  update: 'Zugangsdaten für {host} aktualisieren.',
  docs: 'Dokumentation von {provider}',
  choose: 'Auswählen…',
  required: 'Pflichtfeld.',
  pattern: 'Prüfen Sie das Format.',
  httpsUrl: 'Geben Sie eine https-URL ein.',
  errors: {
    popup_blocked: 'Das Pop-up-Fenster wurde blockiert.',
    cancelled: 'Das Fenster wurde vor dem Verbinden geschlossen.',
    timeout: 'Zeitüberschreitung. Versuchen Sie es erneut.',
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
    network_error: 'Der Dienst ist nicht erreichbar.',
    server_error: 'Bei uns ist ein Fehler aufgetreten. Versuchen Sie es gleich noch einmal.',
    probe_failed:
      'Die Anmeldeinformationen funktionieren, aber die API hat das Token nicht akzeptiert. Prüfen Sie die Berechtigungen (Bereiche, Rollen), die diesem Client in der Konsole des Anbieters erteilt wurden.',
    credentials_unreadable:
      'Die gespeicherten Zugangsdaten oder der Signaturschlüssel sind auf unserer Seite nicht mehr lesbar. Beginnen Sie mit neuen Zugangsdaten, oder wenden Sie sich an den Betreiber der Anwendung.',
    discovery_failed:
      'Unter dieser Aussteller-URL wurden keine Metadaten eines Autorisierungsservers gefunden (RFC 8414, OpenID Connect Discovery). Prüfen Sie die URL oder geben Sie direkt die Token-URL ein.',
  },
};

export default de;
