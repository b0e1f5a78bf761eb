// RFC 6902 add, remove and replace on a plain JSON value: how a lint's fix changes the document.

const tokens = (pointer) => pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * Applies `patch` to `document` in place (the document module's draft); throws when an operation names a place that
 * is not there, before the draft is kept.
 */
export function applyPatch(document, patch) {
  for (const { op, path, value } of patch) {
    const parts = tokens(path);
    const last = parts.pop();
    const parent = parts.reduce((node, token) => {
      if (node === null || typeof node !== 'object' || !(token in node)) {
        throw new Error(`${path}: no such place in the document`);
      }
      return node[token];
    }, document);
    if (parent === null || typeof parent !== 'object') {
      throw new Error(`${path}: no such place in the document`);
    }
    if (!['add', 'remove', 'replace'].includes(op)) {
      throw new Error(`${op}: not an operation a fix uses`);
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op === 'add') {
        parent.splice(index, 0, structuredClone(value));
      } else {
        parent.splice(index, 1, ...(op === 'replace' ? [structuredClone(value)] : []));
      }
    } else if (op === 'remove') {
      delete parent[last];
    } else {
      parent[last] = structuredClone(value);
    }
  }
}
