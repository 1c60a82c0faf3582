// Deep equality for the docs-*.mjs scripts: object key order ignored, numbers compared as numbers.
export function same (a, b) {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => same(x, b[i]))
  const ka = Object.keys(a).sort()
  const kb = Object.keys(b).sort()
  return same(ka, kb) && ka.every(k => same(a[k], b[k]))
}
