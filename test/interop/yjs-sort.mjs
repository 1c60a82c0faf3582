// Records what V8's Array.prototype.sort does with yjs mergeUpdates' comparator, which is inconsistent for two
// entries with the same client and clock but different struct kinds (each compares as smaller than the other).
//
//   node yjs-sort.mjs <seed> <count>
//
// One JSON line per array: {"items": [[client, clock, kind], ...], "order": [indices of the input in sorted order]}.
// kind: 0 = GC, 1 = Item, 10 = Skip.
const [seedArg = '1', countArg = '100'] = process.argv.slice(2)
let seed = Number(seedArg)
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff }
const compare = (a, b) => {
  if (a.client === b.client) {
    const clockDiff = a.clock - b.clock
    if (clockDiff === 0) return a.kind === b.kind ? 0 : a.kind === 10 ? 1 : -1
    return clockDiff
  }
  return b.client - a.client
}
const lines = []
for (let n = 0; n < Number(countArg); n++) {
  const length = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 20 : 400))
  const clients = 1 + Math.floor(rnd() * 4)
  const clocks = 1 + Math.floor(rnd() * 6)
  // Mostly sorted arrays (as in the merge) mixed with shuffled ones.
  const items = []
  for (let i = 0; i < length; i++) {
    items.push({ i, client: 1 + Math.floor(rnd() * clients), clock: Math.floor(rnd() * clocks), kind: rnd() < 0.5 ? 0 : (rnd() < 0.9 ? 1 : 10) })
  }
  if (rnd() < 0.5) items.sort(compare)
  const input = items.map((x, i) => ({ ...x, i }))
  const sorted = [...input].sort(compare)
  lines.push(JSON.stringify({ items: input.map(x => [x.client, x.clock, x.kind]), order: sorted.map(x => x.i) }))
}
process.stdout.write(lines.join('\n') + '\n')
