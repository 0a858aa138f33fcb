import t from 'tap'
import { pngBase64, sampleWorkflow, startWorkflows } from './harness.js'

const h = await startWorkflows(t)

t.test('export then import gives an equal workflow with byte-identical images', async (t) => {
  const body = await sampleWorkflow('Export me')
  Object.assign(body.nodes[0]!.anchor!, { screenshot: await pngBase64(640, 360, 5) })
  const created = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: { ...body, description: 'UHCD, étape 1' } })
  t.equal(created.statusCode, 201, created.body)
  const original = created.json()

  const exp = await h.call({ method: 'GET', url: `/api/v1/workflows/${original.id}/export` })
  t.equal(exp.statusCode, 200)
  t.match(exp.headers['content-disposition'], /attachment; filename="Export_me\.rpa\.json"/)
  const bundle = exp.json()
  t.match(bundle, { format: 'rpa-vision.workflow', format_version: 1, workflow: { name: 'Export me', description: 'UHCD, étape 1' } })
  t.same(Buffer.from(bundle.workflow.nodes[0].anchor.image, 'base64'), Buffer.from(body.nodes[0]!.anchor!.image, 'base64'))

  const imp = await h.call({ method: 'POST', url: '/api/v1/workflows/import', payload: bundle })
  t.equal(imp.statusCode, 201, imp.body)
  const copy = imp.json()
  t.not(copy.id, original.id, 'a new id')
  t.match(copy, { source: 'import', review_status: 'pending', version: 1 })

  const strip = (w: typeof original) => ({
    name: w.name,
    description: w.description,
    edges: w.edges,
    nodes: w.nodes.map((n: { anchor: Record<string, unknown> | null }) => ({
      ...n,
      anchor: n.anchor && { ...n.anchor, id: undefined, image_url: undefined },
    })),
  })
  t.same(strip(copy), strip(original), 'same graph, params, anchors and image hashes')
  for (const [i, node] of copy.nodes.entries()) {
    if (!node.anchor) continue
    const a = await h.call({ method: 'GET', url: node.anchor.image_url })
    const b = await h.call({ method: 'GET', url: original.nodes[i].anchor.image_url })
    t.same(a.rawPayload, b.rawPayload, `node ${node.id}: image bytes identical`)
  }
  t.equal(copy.nodes[0].anchor.screenshot_sha256, original.nodes[0].anchor.screenshot_sha256)
})

t.test('an invalid bundle is refused whole', async (t) => {
  const before = (await h.call({ method: 'GET', url: '/api/v1/workflows' })).json().total
  const body = await sampleWorkflow()
  const wf = (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })).json()
  const bundle = (await h.call({ method: 'GET', url: `/api/v1/workflows/${wf.id}/export` })).json()

  const wrongFormat = await h.call({ method: 'POST', url: '/api/v1/workflows/import', payload: { ...bundle, format: 'uipath' } })
  t.equal(wrongFormat.statusCode, 400)
  t.match(wrongFormat.json().error.message, /body\.format/)

  const cyclic = structuredClone(bundle)
  cyclic.workflow.edges.push({ from: 'n4', to: 'n1' })
  const res = await h.call({ method: 'POST', url: '/api/v1/workflows/import', payload: cyclic })
  t.equal(res.statusCode, 400)
  t.match(res.json().error.message, /cycle/)

  const badImage = structuredClone(bundle)
  badImage.workflow.nodes[2].anchor.image = Buffer.from('%PDF-1.4').toString('base64')
  const res2 = await h.call({ method: 'POST', url: '/api/v1/workflows/import', payload: badImage })
  t.equal(res2.statusCode, 400)
  t.match(res2.json().error.message, /node "n3" anchor\.image/)
  t.equal((await h.call({ method: 'GET', url: '/api/v1/workflows' })).json().total, before + 1, 'only the source workflow exists')
})
