import type { WorkerErrorCode } from '../error-codes.js';

/**
 * The advice for each code the Worker answers, in Spanish: shown by the element
 * (widget/locales/es.ts) and by the completion page, so both say the same in the same words.
 */
export const esAdvice: Record<WorkerErrorCode, string> = {
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
  network_error: 'No se pudo contactar con el proveedor. Compruebe la URL del token o vuelva a intentarlo más tarde.',
};
