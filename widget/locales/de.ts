import { deAdvice } from '../../protocol/advice/de.js';
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
  certificate: 'Zertifikat (PEM)',
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
  download: 'Zertifikat herunterladen, für Konsolen, die stattdessen ein Zertifikat verlangen (Microsoft Entra ID)',
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
    ...deAdvice,
    // The element's meaning: the Worker (not the provider) could not be reached.
    network_error: 'Der Dienst ist nicht erreichbar.',
  },
};

export default de;
