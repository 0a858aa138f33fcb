import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { rpa, sampleBundle } from './helpers/io.js'
import { startStubGateway } from './helpers/stub-gateway.js'

const stub = await startStubGateway([await sampleBundle('Codage UHCD'), await sampleBundle('Admission')])
const dir = await mkdtemp(join(tmpdir(), 'rpa-cli-'))
t.teardown(async () => {
  await stub.close()
  await rm(dir, { recursive: true, force: true })
})
const idOf = (name: string) => [...stub.workflows.values()].find((w) => w.summary.name === name)!.summary.id

t.test('workflows list prints a table and passes the filters as the API names them', async (t) => {
  const r = await rpa(stub, 'workflows', 'list')
  t.equal(r.code, 0)
  t.match(r.out, /^ID\s+NAME\s+SOURCE\s+REVIEW\s+VERSION\s+NODES\s+UPDATED \(UTC\)\n/)
  t.match(r.out, new RegExp(`${idOf('Admission')}\\s+Admission\\s+manual\\s+not_required\\s+1\\s+2\\s+\\d{4}-`))
  const f = await rpa(stub, 'workflows', 'list', '--source', 'manual', '--review-status', 'not_required', '--q', 'uhcd', '--limit', '1')
  t.equal(f.code, 0)
  t.match(stub.lastQuery, { source: 'manual', review_status: 'not_required', q: 'uhcd', limit: 1 })
  t.equal(f.out.trimEnd().split('\n').length, 2)
  const page = await rpa(stub, 'workflows', 'list', '--limit', '1')
  t.match(page.out, /\(1 of 2; see --limit and --offset\)\n$/)
  const none = await rpa(stub, 'workflows', 'list', '--q', 'nothing like this')
  t.equal(none.out, 'no workflows\n')
  const j = await rpa(stub, 'workflows', 'list', '--json')
  t.match(JSON.parse(j.out), { total: 2, items: [{ node_count: 2 }, { node_count: 2 }] })
})

t.test('workflows list refuses unknown filter values without calling the API', async (t) => {
  const r = await rpa(stub, 'workflows', 'list', '--review-status', 'done')
  t.equal(r.code, 2)
  t.match(r.err, /--review-status must be one of not_required, pending, approved, changes_requested, rejected; got "done"/)
  const l = await rpa(stub, 'workflows', 'list', '--limit', 'ten')
  t.equal(l.code, 2)
  t.match(l.err, /--limit must be a whole number/)
})

t.test('export to a file, import the file: the gateway receives the same bundle', async (t) => {
  const file = join(dir, 'uhcd.json')
  const id = idOf('Codage UHCD')
  const r = await rpa(stub, 'workflows', 'export', id, '--out', file)
  t.equal(r.code, 0)
  t.equal(r.out, `exported workflow "Codage UHCD" (2 nodes) to ${file}\n`)
  const written = JSON.parse(await readFile(file, 'utf8'))
  t.same({ ...written, exported_at: undefined }, { ...stub.workflows.get(id)!.bundle, exported_at: undefined })
  t.type(written.exported_at, 'string')

  const imp = await rpa(stub, 'workflows', 'import', file)
  t.equal(imp.code, 0, imp.err)
  t.same(stub.lastBody, written)
  const imported = [...stub.workflows.values()].find((w) => w.summary.source === 'import')!
  t.equal(imp.out, `imported workflow "Codage UHCD" as ${imported.summary.id} (version 1, review status pending)\n`)
  const pending = await rpa(stub, 'workflows', 'list', '--review-status', 'pending', '--json')
  t.same(JSON.parse(pending.out).items.map((w: { id: string }) => w.id), [imported.summary.id])
})

t.test('export without --out writes the bundle to stdout; --json reports where it went', async (t) => {
  const r = await rpa(stub, 'workflows', 'export', idOf('Admission'))
  t.equal(r.code, 0)
  t.match(JSON.parse(r.out), { format: 'rpa-vision.workflow', format_version: 1, workflow: { name: 'Admission' } })
  const file = join(dir, 'admission.json')
  const j = await rpa(stub, 'workflows', 'export', idOf('Admission'), '--out', file, '--json')
  t.same(JSON.parse(j.out), { id: idOf('Admission'), file, name: 'Admission', nodes: 2 })
})

t.test('export and import failures', async (t) => {
  const missing = await rpa(stub, 'workflows', 'export', '00000000-0000-4000-8000-000000000000')
  t.equal(missing.code, 1)
  t.equal(missing.err, 'error NOT_FOUND: workflow not found\n')
  const unwritable = await rpa(stub, 'workflows', 'export', idOf('Admission'), '--out', join(dir, 'no', 'such', 'dir.json'))
  t.equal(unwritable.code, 1)
  t.match(unwritable.err, /^error WRITE_FAILED: cannot write .*ENOENT/)
  const unreadable = await rpa(stub, 'workflows', 'import', join(dir, 'absent.json'))
  t.equal(unreadable.code, 1)
  t.match(unreadable.err, /^error READ_FAILED: cannot read .*absent\.json/)
  const notJson = join(dir, 'not.json')
  await writeFile(notJson, 'format: yaml?')
  const bad = await rpa(stub, 'workflows', 'import', notJson)
  t.equal(bad.code, 1)
  t.match(bad.err, /^error INVALID_BUNDLE: .*not\.json is not JSON/)
  const wrongShape = join(dir, 'shape.json')
  await writeFile(wrongShape, JSON.stringify({ format: 'something-else' }))
  const refused = await rpa(stub, 'workflows', 'import', wrongShape)
  t.equal(refused.code, 1)
  t.match(refused.err, /^error VALIDATION_ERROR: body/)
})
