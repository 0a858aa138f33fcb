import t from 'tap'
import { sampleWorkflow, startWorkflows } from './harness.js'

const h = await startWorkflows(t)

t.test('create, read, list, replace, review, delete', async (t) => {
  const body = await sampleWorkflow()
  const created = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })
  t.equal(created.statusCode, 201, created.body)
  const wf = created.json()
  t.match(wf, { name: 'Codage UHCD', source: 'manual', review_status: 'not_required', version: 1 })
  t.same(wf.nodes.map((n: { id: string }) => n.id), ['n1', 'n2', 'n3', 'n4'])
  t.same(wf.edges, body.edges)
  t.match(wf.nodes[0].anchor, {
    bbox: { x: 812, y: 540, width: 120, height: 32 },
    screen: { width: 1920, height: 1080, scale: 1 },
    target_text: 'Valider',
    image_width: 120,
    image_height: 32,
    image_url: `/api/v1/anchors/${wf.nodes[0].anchor.id}/image`,
  })
  t.equal(wf.nodes[3].anchor, null)
  t.same(wf.nodes[1].params, { text: '{{patient_ipp}}' })

  const read = await h.call({ method: 'GET', url: `/api/v1/workflows/${wf.id}` })
  t.equal(read.statusCode, 200)
  t.same(read.json(), wf)

  const img = await h.call({ method: 'GET', url: wf.nodes[0].anchor.image_url })
  t.equal(img.statusCode, 200)
  t.equal(img.headers['content-type'], 'image/png')
  t.same(img.rawPayload, Buffer.from(body.nodes[0]!.anchor!.image, 'base64'))

  const replaced = await h.call({
    method: 'PUT',
    url: `/api/v1/workflows/${wf.id}`,
    payload: { version: 1, name: 'Codage UHCD v2', nodes: body.nodes.slice(0, 2), edges: [body.edges[0]] },
  })
  t.equal(replaced.statusCode, 200, replaced.body)
  t.match(replaced.json(), { name: 'Codage UHCD v2', version: 2 })
  t.equal(replaced.json().nodes.length, 2)

  const stale = await h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}`, payload: { ...body, version: 1 } })
  t.equal(stale.statusCode, 409)
  t.match(stale.json(), { error: { code: 'VERSION_CONFLICT', message: /version 2, not 1/ } })
  t.equal((await h.call({ method: 'GET', url: `/api/v1/workflows/${wf.id}` })).json().name, 'Codage UHCD v2', 'a refused write changes nothing')

  const reviewed = await h.call({ method: 'POST', url: `/api/v1/workflows/${wf.id}/review`, payload: { status: 'changes_requested', feedback: 'n2 needs an anchor' } })
  t.equal(reviewed.statusCode, 200)
  t.match(reviewed.json(), { review_status: 'changes_requested', review_feedback: 'n2 needs an anchor', version: 3 })
  t.ok(reviewed.json().reviewed_at)

  const del = await h.call({ method: 'DELETE', url: `/api/v1/workflows/${wf.id}` })
  t.equal(del.statusCode, 204)
  t.equal((await h.call({ method: 'GET', url: `/api/v1/workflows/${wf.id}` })).statusCode, 404)
  t.equal((await h.call({ method: 'GET', url: wf.nodes[0].anchor.image_url })).statusCode, 404, 'the anchor went with its workflow')
  t.equal((await h.call({ method: 'DELETE', url: `/api/v1/workflows/${wf.id}` })).statusCode, 404)
})

t.test('unknown ids are 404 with the envelope; malformed ids are 400', async (t) => {
  const id = '00000000-0000-4000-8000-000000000000'
  for (const [method, url, payload] of [
    ['GET', `/api/v1/workflows/${id}`],
    ['DELETE', `/api/v1/workflows/${id}`],
    ['GET', `/api/v1/workflows/${id}/export`],
    ['POST', `/api/v1/workflows/${id}/review`, { status: 'approved' }],
    ['PUT', `/api/v1/workflows/${id}`, { ...(await sampleWorkflow()), version: 1 }],
    ['GET', `/api/v1/anchors/${id}/image`],
  ] as const) {
    const res = await h.call({ method, url, ...(payload ? { payload } : {}) })
    t.equal(res.statusCode, 404, `${method} ${url}`)
    t.match(res.json(), { error: { code: 'NOT_FOUND', message: new RegExp(id) } })
  }
  const bad = await h.call({ method: 'GET', url: '/api/v1/workflows/not-a-uuid' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { error: { code: 'VALIDATION_ERROR', message: /params\.id/ } })
})

t.test('list filters by source and review status and searches names', async (t) => {
  const mk = async (name: string, source?: 'learned') =>
    (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: { ...(await sampleWorkflow(name)), ...(source ? { source } : {}) } })).json()
  const a = await mk('Admission urgences')
  const b = await mk('Sortie UHCD', 'learned')
  await mk('Facturation 100%_ok')
  await h.call({ method: 'POST', url: `/api/v1/workflows/${b.id}/review`, payload: { status: 'approved' } })

  const all = (await h.call({ method: 'GET', url: '/api/v1/workflows' })).json()
  t.ok(all.total >= 3)
  t.equal(all.items.find((i: { id: string }) => i.id === a.id).node_count, 4)

  const learned = (await h.call({ method: 'GET', url: '/api/v1/workflows?source=learned' })).json()
  t.same(learned.items.map((i: { id: string }) => i.id), [b.id])
  t.equal(learned.items[0].review_status, 'approved')
  const pending = (await h.call({ method: 'GET', url: '/api/v1/workflows?review_status=pending' })).json()
  t.equal(pending.total, 0)
  const search = (await h.call({ method: 'GET', url: '/api/v1/workflows?q=uhcd' })).json()
  t.same(search.items.map((i: { name: string }) => i.name), ['Sortie UHCD'])
  const literal = (await h.call({ method: 'GET', url: '/api/v1/workflows?q=100%25_' })).json()
  t.same(literal.items.map((i: { name: string }) => i.name), ['Facturation 100%_ok'], '% and _ are literal in a search')
  const page = (await h.call({ method: 'GET', url: '/api/v1/workflows?limit=1&offset=1' })).json()
  t.equal(page.items.length, 1)
  const badFilter = await h.call({ method: 'GET', url: '/api/v1/workflows?source=robot' })
  t.equal(badFilter.statusCode, 400)
  t.match(badFilter.json().error.message, /querystring\.source/)
})

t.test('learned workflows start pending review; node-types lists the catalogue', async (t) => {
  const res = await h.call({ method: 'POST', url: '/api/v1/workflows', payload: { ...(await sampleWorkflow()), source: 'learned' } })
  t.match(res.json(), { source: 'learned', review_status: 'pending' })
  const types = (await h.call({ method: 'GET', url: '/api/v1/node-types' })).json()
  t.equal(types.items.length, 11)
  const typeText = types.items.find((i: { type: string }) => i.type === 'type_text')
  t.match(typeText, { anchor: 'optional', params_schema: { type: 'object', required: ['text'] } })
})

t.test('internal routes refuse callers without the gateway secret', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/workflows' })
  t.equal(res.statusCode, 401)
  const wrong = await h.app.inject({ method: 'GET', url: '/api/v1/workflows', headers: { 'x-rpa-internal-secret': 'nope' } })
  t.equal(wrong.statusCode, 401)
  t.equal((await h.app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
})
