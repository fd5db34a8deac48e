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
    network_error: 'Impossible de joindre le service.',
    server_error: 'Une erreur s’est produite de notre côté. Réessayez dans un instant.',
    probe_failed:
      'Les identifiants fonctionnent, mais l’API n’a pas accepté le jeton. Vérifiez les autorisations (portées, rôles) accordées à ce client dans la console du fournisseur.',
    credentials_unreadable:
      'Les identifiants enregistrés ou la clé de signature ne sont plus lisibles de notre côté. Recommencez avec de nouveaux identifiants, ou contactez l’opérateur de l’application.',
    discovery_failed:
      'Aucune métadonnée de serveur d’autorisation n’a été trouvée à cette URL d’émetteur (RFC 8414, OpenID Connect Discovery). Vérifiez l’URL, ou saisissez directement l’URL du jeton.',
  },
};

export default fr;
