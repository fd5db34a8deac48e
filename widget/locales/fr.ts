import { frAdvice } from '../../protocol/advice/fr.js';
import type { Locale } from '../locale.js';

/**
 * French, in the words the providers' own consoles use (Microsoft Entra : « ID client »,
 * « Secret client », « octroi des informations d’identification du client » ; Google : « ID
 * client »). A narrow no-break space (U+202F) precedes `;`, as French typography wants.
 * `el.strings = fr`.
 */
export const fr: Locale = {
  client_id: 'ID client',
  client_secret: 'Secret client',
  private_key: 'Clé privée (PEM)',
  key_id: 'ID de clé (kid)',
  certificate: 'Certificat (PEM)',
  token_url: 'URL de l’émetteur ou du jeton',
  scope: 'Portées',
  found: 'Point de terminaison de jeton de {issuer} trouvé.',
  audience: 'Audience',
  resource: 'Ressource',
  advanced: 'Paramètres avancés',
  optional: 'Facultatif',
  show: 'Afficher',
  hide: 'Masquer',
  jwks: 'Enregistrez cette URL JWKS dans la console du fournisseur.',
  copy: 'Copier',
  copied: 'Copié',
  download: 'Télécharger le certificat, pour les consoles qui en demandent un à la place (Microsoft Entra ID)',
  connect: 'Connecter',
  connectInline: 'Connecter sans fenêtre pop-up',
  pending: 'Connexion en cours…',
  connected: 'Connecté.',
  reset: 'Utiliser d’autres identifiants',
  update: 'Mettez à jour les identifiants de {host}.',
  docs: 'Documentation de {provider}',
  choose: 'Choisir…',
  required: 'Champ obligatoire.',
  pattern: 'Vérifiez le format.',
  httpsUrl: 'Saisissez une URL https.',
  errors: {
    popup_blocked: 'La fenêtre pop-up a été bloquée.',
    cancelled: 'La fenêtre a été fermée avant la connexion.',
    timeout: 'Délai dépassé. Réessayez.',
    ...frAdvice,
    // The element's meaning: the Worker (not the provider) could not be reached.
    network_error: 'Impossible de joindre le service.',
  },
};

export default fr;
