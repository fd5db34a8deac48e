import { esAdvice } from '../../protocol/advice/es.js';
import type { Locale } from '../locale.js';

/**
 * Spanish, in the words the providers' own consoles use (Microsoft Entra: «Id. de cliente»,
 * «Secreto de cliente», «concesión de credenciales de cliente»; Google: «ID de cliente»).
 * `el.strings = es`.
 */
export const es: Locale = {
  client_id: 'ID de cliente',
  client_secret: 'Secreto de cliente',
  private_key: 'Clave privada (PEM)',
  key_id: 'ID de clave (kid)',
  certificate: 'Certificado (PEM)',
  token_url: 'URL del emisor o del token',
  scope: 'Ámbitos',
  found: 'Se encontró el punto de conexión de token de {issuer}.',
  audience: 'Audiencia',
  resource: 'Recurso',
  advanced: 'Opciones avanzadas',
  optional: 'Opcional',
  show: 'Mostrar',
  hide: 'Ocultar',
  jwks: 'Registre esta URL de JWKS en la consola del proveedor.',
  copy: 'Copiar',
  copied: 'Copiado',
  download: 'Descargar el certificado, para las consolas que piden uno en su lugar (Microsoft Entra ID)',
  connect: 'Conectar',
  connectInline: 'Conectar sin ventana emergente',
  pending: 'Conectando…',
  connected: 'Conectado.',
  reset: 'Usar otras credenciales',
  update: 'Actualice las credenciales de {host}.',
  docs: 'Documentación de {provider}',
  choose: 'Elegir…',
  required: 'Obligatorio.',
  pattern: 'Compruebe el formato.',
  httpsUrl: 'Introduzca una URL https.',
  errors: {
    popup_blocked: 'Se bloqueó la ventana emergente.',
    cancelled: 'La ventana se cerró antes de conectar.',
    timeout: 'Se agotó el tiempo de espera. Vuelva a intentarlo.',
    ...esAdvice,
    // The element's meaning: the Worker (not the provider) could not be reached.
    network_error: 'No se pudo conectar con el servicio.',
  },
};

export default es;
