// Two rules that keep the Worker's shape readable as it grows (issue 17):
// - `layers/folder-order`: worker/'s folders form one order, lowest first (WORKER_FOLDERS in
//   eslint.config.js). A module may import its own folder and folders below its own, never one
//   above, so no two folders can depend on each other and the order can be read off the list.
// - `layers/no-cycle`: no module reaches itself through relative imports (type-only imports
//   included: they still say one file needs the other), which the folder order cannot see
//   inside one folder.
// Imports are read with a regular expression over the source (static `import … from` and
// `export … from` of relative paths), which is all this codebase uses.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gm;

/** `./x.js` → the `.ts` file it names, as TypeScript's bundler resolution does. */
const resolveImport = (from, specifier) => resolve(dirname(from), specifier).replace(/\.js$/, '.ts');

const graph = new Map();
function importsOf(file) {
  if (!graph.has(file)) {
    let source = '';
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      // Not a file of ours (a .mjs test helper, a missing file tsc reports): no edges.
    }
    graph.set(
      file,
      [...source.matchAll(IMPORT)].map((m) => resolveImport(file, m[1] ?? m[2])),
    );
  }
  return graph.get(file);
}

/** The Worker folder a file lives in (`connections`), '' for worker/'s root files, null outside worker/. */
function workerFolder(file) {
  const marker = `${sep}worker${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return null;
  const path = file.slice(at + marker.length).split(sep);
  return path.length > 1 ? path[0] : '';
}

const folderOrder = {
  meta: {
    type: 'problem',
    docs: { description: "worker/'s folders depend one way, in the order the config lists them" },
    schema: [{ type: 'object', properties: { folders: { type: 'array', items: { type: 'string' } } } }],
    messages: {
      upward:
        "'{{from}}' must not import '{{to}}': worker/'s folders depend one way ({{order}}), so a folder imports only its own and those before it.",
      unknown: 'worker/{{folder}}/ is not in the folder order (WORKER_FOLDERS in eslint.config.js): place it there.',
      root: "'{{from}}' must not import worker/'s entry files ({{to}}): they compose the folders, not the other way round.",
    },
  },
  create(context) {
    const { folders } = context.options[0];
    const file = context.filename;
    const from = workerFolder(file);
    if (from === null) return {};
    const rank = (folder) => folders.indexOf(folder);
    const check = (node, specifier) => {
      if (!specifier?.startsWith('.')) return;
      const to = workerFolder(resolveImport(file, specifier));
      if (to === null || to === from || from === '') return;
      if (to === '') return context.report({ node, messageId: 'root', data: { from, to: specifier } });
      if (rank(from) < 0) return context.report({ node, messageId: 'unknown', data: { folder: from } });
      if (rank(to) < 0) return context.report({ node, messageId: 'unknown', data: { folder: to } });
      if (rank(to) > rank(from)) {
        context.report({ node, messageId: 'upward', data: { from, to, order: folders.join(' < ') } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
    };
  },
};

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'no module reaches itself through its relative imports' },
    schema: [],
    messages: { cycle: 'Import cycle: {{path}}. Move what both need into a module neither imports back.' },
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const name = (path) => relative(root, path);
    return {
      'Program:exit'(program) {
        // Depth-first from this file's imports; the first path back to it is the cycle reported.
        const seen = new Set();
        const walk = (node, path) => {
          for (const next of importsOf(node)) {
            if (next === file) return [...path, next];
            if (seen.has(next)) continue;
            seen.add(next);
            const found = walk(next, [...path, next]);
            if (found) return found;
          }
          return null;
        };
        graph.delete(file);
        const cycle = walk(file, [file]);
        if (cycle) context.report({ node: program, messageId: 'cycle', data: { path: cycle.map(name).join(' → ') } });
      },
    };
  },
};

export default { rules: { 'folder-order': folderOrder, 'no-cycle': noCycle } };
