import type { WorkerErrorCode } from '../error-codes.js';

/**
 * The advice for each code the Worker answers, in French: shown by the element
 * (widget/locales/fr.ts) and by the completion page, so both say the same in the same words.
 */
export const frAdvice: Record<WorkerErrorCode, string> = {
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
};
