// Checks an answer of the Worker against GET /v1/openapi.json: its status is one the operation
// documents, its content type one of that status's, its body valid under that type's schema, and
// the headers the API speaks with (X-Request-Id, Retry-After, WWW-Authenticate,
// Content-Disposition) sent exactly where the document says. The suites run it on every answer
// they receive (test/worker/wire-check.ts), so the document cannot say one thing while the
// Worker does another. Plain JavaScript, for workerd and Node alike.
import Ajv2020 from 'ajv/dist/2020.js';

/** Headers whose presence means something to a caller: sent only where documented, and always where required. */
const API_HEADERS = ['x-request-id', 'retry-after', 'www-authenticate', 'content-disposition'];

const DOCUMENT_ID = 'openapi.json';

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The document with every object schema closed (`unevaluatedProperties: false` where it says
 * nothing of other properties): a property the Worker sends that the document does not name is a
 * difference too. Only what the validator reads is changed, never the document served.
 */
function closed(node, inAllOf = false) {
  if (Array.isArray(node)) return node.map((item) => closed(item, inAllOf));
  if (!isObject(node)) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closed(value, key === 'allOf')]));
  const open = 'additionalProperties' in node || 'unevaluatedProperties' in node || inAllOf;
  if (isObject(node.properties) && !open) copy.unevaluatedProperties = false;
  return copy;
}

/** A JSON pointer to `segments` in the document, as a URI fragment. */
const pointer = (...segments) =>
  `${DOCUMENT_ID}#/${segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;

const mediaType = (contentType) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** Does `type` (the answer's) fall under `documented` (`application/json`, `text/*`, `*\/*`)? */
function covers(documented, type) {
  const [range, sub] = documented.toLowerCase().split('/');
  const [actualRange, actualSub] = type.split('/');
  return (range === '*' || range === actualRange) && (sub === '*' || sub === actualSub);
}

/**
 * A checker for `document`: `check(answer)` gives the differences between one answer and the
 * document (none: `[]`), or `null` when no documented operation has that method and path (an
 * unknown route, a CORS preflight, a development-only route).
 */
export function wireChecker(document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(closed({ components: document.components, paths: document.paths }), DOCUMENT_ID);
  const headerComponents = document.components?.headers ?? {};
  const resolveHeader = (header) =>
    header.$ref ? headerComponents[header.$ref.replace('#/components/headers/', '')] : header;

  // Literal paths before templated ones, so /v1/connect/result never reads as a parameter.
  const operations = Object.entries(document.paths)
    .flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method))
        .map(([method, operation]) => ({
          template,
          method: method.toUpperCase(),
          operation,
          pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
          parameters: (template.match(/\{/g) ?? []).length,
        })),
    )
    .sort((a, b) => a.parameters - b.parameters);

  const operationOf = (method, path) => operations.find((op) => op.method === method && op.pattern.test(path));

  /** Validates `value` under the schema at `segments`; ajv's complaints as text. */
  function schemaProblems(segments, value) {
    const validate = ajv.getSchema(pointer(...segments));
    if (!validate) return [`no schema at ${segments.join(' ')}`];
    if (validate(value)) return [];
    return validate.errors.map(
      ({ instancePath, message, params }) =>
        `body${instancePath} ${message}${params?.unevaluatedProperty ? `: ${params.unevaluatedProperty}` : ''}`,
    );
  }

  return {
    /**
     * `answer`: the request's method and path (or URL), the status, the headers (a Headers or a
     * plain object of lower-case names), and the body as text.
     */
    check({ method, url, status, headers, body }) {
      // The path the Worker sees: a path as sent is read as the runtime reads its request line
      // (`/v1/jwks/..` is `/v1/`; `//x` stays a path).
      let path;
      try {
        path = new URL(url.startsWith('/') ? `http://localhost${url}` : url).pathname;
      } catch {
        return null;
      }
      const found = operationOf(method.toUpperCase(), path);
      if (!found) return null;
      const where = `${found.method} ${found.template} → ${status}`;
      const header = (name) => {
        const value = typeof headers.get === 'function' ? headers.get(name) : headers[name];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      };
      const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find(
        (key) => key in found.operation.responses,
      );
      if (!statusKey) {
        const documented = Object.keys(found.operation.responses).join(', ');
        return [`${where}: status not documented (documented: ${documented})`];
      }
      const response = found.operation.responses[statusKey];
      const problems = [];

      const documentedHeaders = Object.fromEntries(
        Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), resolveHeader(value)]),
      );
      for (const [name, spec] of Object.entries(documentedHeaders)) {
        const value = header(name);
        if (value === null) {
          if (spec?.required) problems.push(`header ${name} is documented as required but was not sent`);
        } else if (spec?.schema?.type === 'integer' && !/^\d+$/.test(value)) {
          problems.push(`header ${name} is not an integer`);
        }
      }
      for (const name of API_HEADERS) {
        if (header(name) !== null && !(name in documentedHeaders)) problems.push(`header ${name} sent, not documented`);
      }

      const content = response.content ?? {};
      const type = mediaType(header('content-type'));
      if (Object.keys(content).length === 0) {
        if (body !== '') problems.push(`a body was sent (${type || 'no content type'}), none is documented`);
      } else {
        const documentedType = Object.keys(content).find((candidate) => covers(candidate, type));
        if (!documentedType) {
          problems.push(
            `content type ${type || '(none)'} not documented (documented: ${Object.keys(content).join(', ')})`,
          );
        } else if (content[documentedType].schema) {
          const segments = ['paths', found.template, found.method.toLowerCase(), 'responses', statusKey];
          segments.push('content', documentedType, 'schema');
          if (type === 'application/json' || type.endsWith('+json')) {
            let parsed;
            try {
              parsed = JSON.parse(body);
              problems.push(...schemaProblems(segments, parsed));
            } catch {
              problems.push('the body is not JSON');
            }
          } else {
            problems.push(...schemaProblems(segments, body));
          }
        }
      }
      return problems.map((problem) => `${where}: ${problem}`);
    },
  };
}
