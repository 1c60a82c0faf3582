// ProseMirror round trip for Switchboard's seeding (ProseMirrorSeeder), with prosemirror-schema-basic + lists.
//
//   node docs-prosemirror.mjs normalize    stdin: one ProseMirror JSON per line; stdout: each as
//                                          Node.fromJSON(schema, json).toJSON() (attrs completed with defaults)
//   node docs-prosemirror.mjs check <id>   stdin: { json, update: base64 } per line; stdout: per line
//       { same: bool, sameBytes: bool, yjsJson, reason? }
//     same:      the C# update applied to a Y.Doc and read with y-prosemirror's yDocToProsemirrorJSON, then
//                parsed with the schema, gives back `json`;
//     sameBytes: the C# update equals Y.encodeStateAsUpdate of a doc with clientID <id> seeded by
//                y-prosemirror's own prosemirrorToYXmlFragment.
//     yjsJson:   yDocToProsemirrorJSON of the C# update (so the C# reader can be compared with it).
import * as Y from 'yjs'
import { yDocToProsemirrorJSON, prosemirrorToYXmlFragment } from 'y-prosemirror'
import { Schema, Node } from 'prosemirror-model'
import { schema as basic } from 'prosemirror-schema-basic'
import { addListNodes } from 'prosemirror-schema-list'
import { createInterface } from 'node:readline'
import { same } from './docs-diff-same.mjs'

const schema = new Schema({ nodes: addListNodes(basic.spec.nodes, 'paragraph block*', 'block'), marks: basic.spec.marks })
const [mode, idArg] = process.argv.slice(2)
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (!line.trim()) continue
  if (mode === 'normalize') {
    process.stdout.write(JSON.stringify(Node.fromJSON(schema, JSON.parse(line)).toJSON()) + '\n')
    continue
  }
  const { json, update } = JSON.parse(line)
  const bytes = new Uint8Array(Buffer.from(update, 'base64'))
  const doc = new Y.Doc()
  Y.applyUpdate(doc, bytes)
  const yjsJson = yDocToProsemirrorJSON(doc)
  let same1 = false
  let reason
  try {
    same1 = same(Node.fromJSON(schema, yjsJson).toJSON(), json)
    if (!same1) reason = 'round trip gives ' + JSON.stringify(Node.fromJSON(schema, yjsJson).toJSON())
  } catch (e) {
    reason = String(e)
  }
  const ref = new Y.Doc()
  ref.clientID = Number(idArg)
  prosemirrorToYXmlFragment(Node.fromJSON(schema, json), ref.getXmlFragment('prosemirror'))
  const refBytes = Y.encodeStateAsUpdate(ref)
  const sameBytes = Buffer.compare(Buffer.from(refBytes), Buffer.from(bytes)) === 0
  process.stdout.write(JSON.stringify({ same: same1, sameBytes, yjsJson, reason, refBytes: sameBytes ? undefined : Buffer.from(refBytes).toString('base64') }) + '\n')
}
