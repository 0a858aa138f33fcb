import t from 'tap'
import { request } from 'undici'
import { PUBLIC_ROUTES, type CreatedToken, type Workflow, type WorkflowList } from '@rpa-vision/contracts'
import { and, eq, openDb, schema } from '@rpa-vision/db'
import { createTestDatabase, makePng } from '../../../test/helpers/index.js'
import { BOOTSTRAP_TOKEN, bearer, startGateway, startWorkflowsUpstream } from './harness.js'

// The real workflows service and the gateway in front of it, both on real ports, sharing one database.
const database = await createTestDatabase()
t.teardown(() => database.drop())
const workflowsUrl = await startWorkflowsUpstream(t, database)
const gw = await startGateway(t, { WORKFLOWS_URL: workflowsUrl }, database)
const base = await gw.app.listen({ port: 0, host: '127.0.0.1' })
const { db, close } = openDb({ url: database.url, max: 2 })
t.teardown(close)

const author = await gw.token('author')
const agent = await gw.token('agent', 'agent-1')
const revoked = await gw.token('author')
await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` })

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  bytes: Buffer
  json<T = any>(): T
}

async function api(token: string | undefined, method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = token ? bearer(token) : {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await request(`${base}${path}`, {
    method: method as 'GET', headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const bytes = Buffer.from(await res.body.arrayBuffer())
  return { status: res.statusCode, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) }
}

const anchorPng = await makePng(120, 32, 5)
const anchor = (png: Buffer) => ({
  image: png.toString('base64'), bbox: { x: 812, y: 540, width: 120, height: 32 }, screen: { width: 1920, height: 1080, scale: 1 },
})
const sample = (name: string) => ({
  name,
  nodes: [
    { id: 'n1', type: 'click_anchor', anchor: anchor(anchorPng) },
    { id: 'n2', type: 'wait', params: { ms: 100 } },
  ],
  edges: [{ from: 'n1', to: 'n2' }],
})
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

t.test('every public route works through the gateway', async (t) => {
  const types = await api(author.token, 'GET', '/api/v1/node-types')
  t.equal(types.status, 200)
  t.ok(types.json().items.some((i: { type: string }) => i.type === 'click_anchor'))

  const created = await api(author.token, 'POST', '/api/v1/workflows', sample('Codage UHCD'))
  t.equal(created.status, 201)
  const wf = created.json<Workflow>()
  t.match(wf, { name: 'Codage UHCD', version: 1, source: 'manual', nodes: [{ id: 'n1', anchor: { image_url: String } }, { id: 'n2' }] })

  const list = await api(author.token, 'GET', '/api/v1/workflows?q=uhcd&limit=5')
  t.equal(list.status, 200)
  t.ok(list.json<WorkflowList>().items.some((i) => i.id === wf.id), 'the query string reaches the service')

  const read = await api(author.token, 'GET', `/api/v1/workflows/${wf.id}`)
  t.equal(read.status, 200)
  t.same(read.json(), wf, 'the service answer arrives unchanged')

  const replaced = await api(author.token, 'PUT', `/api/v1/workflows/${wf.id}`, { ...sample('Codage UHCD v2'), version: 1 })
  t.equal(replaced.status, 200)
  t.match(replaced.json(), { name: 'Codage UHCD v2', version: 2 })

  const stale = await api(author.token, 'PUT', `/api/v1/workflows/${wf.id}`, { ...sample('lost update'), version: 1 })
  t.equal(stale.status, 409)
  t.match(stale.json(), { error: { code: 'VERSION_CONFLICT', message: /version 2/ } })

  const reviewed = await api(author.token, 'POST', `/api/v1/workflows/${wf.id}/review`, { status: 'approved', feedback: 'ok' })
  t.equal(reviewed.status, 200)
  t.match(reviewed.json(), { review_status: 'approved', review_feedback: 'ok' })

  const exported = await api(author.token, 'GET', `/api/v1/workflows/${wf.id}/export`)
  t.equal(exported.status, 200)
  t.match(exported.headers['content-disposition'], /attachment; filename=/)
  const bundle = exported.json()
  t.equal(bundle.format, 'rpa-vision.workflow')

  const imported = await api(author.token, 'POST', '/api/v1/workflows/import', bundle)
  t.equal(imported.status, 201)
  t.match(imported.json(), { source: 'import', name: 'Codage UHCD v2' })

  const newPng = await makePng(100, 40, 9)
  const reanchored = await api(author.token, 'PUT', `/api/v1/workflows/${wf.id}/nodes/n1/anchor`, { ...anchor(newPng), version: 3 })
  t.equal(reanchored.status, 200)
  const anchorInfo = reanchored.json<Workflow>().nodes[0]!.anchor!
  t.equal(anchorInfo.image_width, 100)

  const image = await api(author.token, 'GET', `/api/v1/anchors/${anchorInfo.id}/image`)
  t.equal(image.status, 200)
  t.equal(image.headers['content-type'], 'image/png')
  t.ok(image.bytes.equals(newPng), 'the image bytes pass through untouched')
  t.ok(image.headers.etag, 'caching headers pass through')

  const deleted = await api(author.token, 'DELETE', `/api/v1/workflows/${wf.id}`)
  t.equal(deleted.status, 204)
  t.equal(deleted.bytes.length, 0)
  const gone = await api(author.token, 'GET', `/api/v1/workflows/${wf.id}`)
  t.equal(gone.status, 404)
  t.match(gone.json(), { error: { code: 'NOT_FOUND' } })
})

t.test('the service sees the principal and the request id', async (t) => {
  const created = await api(author.token, 'POST', '/api/v1/workflows', sample('audited'))
  t.equal(created.status, 201)
  const id = created.json<Workflow>().id
  const [audit] = await db.select().from(schema.auditLog)
    .where(and(eq(schema.auditLog.targetId, id), eq(schema.auditLog.action, 'workflow.create')))
  t.equal(audit?.actor, author.id, 'the token id, never the token')
  t.equal(audit?.requestId, created.headers['x-request-id'])
  const [row] = await db.select().from(schema.workflows).where(eq(schema.workflows.id, id))
  t.equal(row?.createdBy, author.id)
})

t.test('unknown ids get the service\'s 404 envelope', async (t) => {
  const calls: [string, string, unknown?][] = [
    ['GET', `/api/v1/workflows/${UNKNOWN_ID}`],
    ['PUT', `/api/v1/workflows/${UNKNOWN_ID}`, { ...sample('x'), version: 1 }],
    ['DELETE', `/api/v1/workflows/${UNKNOWN_ID}`],
    ['POST', `/api/v1/workflows/${UNKNOWN_ID}/review`, { status: 'rejected' }],
    ['GET', `/api/v1/workflows/${UNKNOWN_ID}/export`],
    ['PUT', `/api/v1/workflows/${UNKNOWN_ID}/nodes/n1/anchor`, anchor(anchorPng)],
    ['GET', `/api/v1/anchors/${UNKNOWN_ID}/image`],
  ]
  for (const [method, path, body] of calls) {
    const res = await api(author.token, method, path, body)
    t.equal(res.status, 404, `${method} ${path}`)
    t.equal(res.json().error.code, 'NOT_FOUND')
  }
})

t.test('invalid requests are refused with 400 naming the field', async (t) => {
  const cases: [string, string, unknown, RegExp][] = [
    ['POST', '/api/v1/workflows', { nodes: [], edges: [] }, /body\.name is required/],
    ['POST', '/api/v1/workflows', { ...sample('x'), nodes: [{ id: 'n1', type: 'fly' }] }, /nodes\[0\]\.type/],
    ['POST', '/api/v1/workflows', { ...sample('x'), colour: 'red' }, /colour/],
    ['PUT', `/api/v1/workflows/${UNKNOWN_ID}`, sample('x'), /version/],
    ['POST', `/api/v1/workflows/${UNKNOWN_ID}/review`, { status: 'maybe' }, /status/],
    ['POST', '/api/v1/workflows/import', { format: 'zip' }, /format/],
    ['PUT', `/api/v1/workflows/${UNKNOWN_ID}/nodes/n1/anchor`, { image: 'abc' }, /bbox/],
    ['GET', '/api/v1/workflows/not-a-uuid', undefined, /params\.id/],
    ['GET', '/api/v1/workflows?limit=0', undefined, /querystring\.limit/],
    ['GET', '/api/v1/anchors/42/image', undefined, /params\.id/],
  ]
  for (const [method, path, body, message] of cases) {
    const res = await api(author.token, method, path, body)
    t.equal(res.status, 400, `${method} ${path}`)
    t.match(res.json(), { error: { code: 'VALIDATION_ERROR', message } }, `${method} ${path}`)
  }
  const notJson = await api(author.token, 'POST', '/api/v1/workflows', '{"name":')
  t.equal(notJson.status, 400)
  t.match(notJson.json(), { error: { code: String } })
})

t.test('a body over 10 MB is refused with 413 and nothing is written', async (t) => {
  const before = (await api(author.token, 'GET', '/api/v1/workflows?limit=1')).json<WorkflowList>().total
  const huge = JSON.stringify({ ...sample('huge'), description: 'x'.repeat(10 * 1024 * 1024) })
  const res = await api(author.token, 'POST', '/api/v1/workflows', huge)
  t.equal(res.status, 413)
  t.same(res.json(), { error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body is larger than the limit' } })
  const after = (await api(author.token, 'GET', '/api/v1/workflows?limit=1')).json<WorkflowList>().total
  t.equal(after, before)
})

t.test('every public route: 401 without, with an invalid or a revoked token; 403 for agents outside the replay routes', async (t) => {
  const created = await api(author.token, 'POST', '/api/v1/workflows', sample('protected'))
  const wf = created.json<Workflow>()
  t.equal(PUBLIC_ROUTES.length, 20)
  for (const route of PUBLIC_ROUTES) {
    const path = route.url.replace(':id', wf.id).replace(':nodeId', 'n1')
    const body = route.method === 'POST' || route.method === 'PUT' ? {} : undefined
    const refused: Record<string, string | undefined> = { none: undefined, unknown: 'rpa_forged', revoked: revoked.token }
    for (const [label, token] of Object.entries(refused)) {
      const res = await api(token, route.method, path, body)
      t.equal(res.status, 401, `${route.method} ${route.url}: ${label} token`)
      t.equal(res.json().error.code, 'UNAUTHORIZED')
    }
    const res = await api(agent.token, route.method, path, body)
    if (route.roles.includes('agent')) {
      t.ok(route.url.startsWith('/api/v1/replay'), `${route.url}: only replay routes are open to agents (the replay service scopes them)`)
      t.not(res.status, 403, `${route.method} ${route.url}: an agent gets past the gateway`)
      continue
    }
    t.equal(res.status, 403, `${route.method} ${route.url}: agent`)
    t.match(res.json(), { error: { code: 'FORBIDDEN', message: /admin or author/ } })
  }
  const still = await api(author.token, 'GET', `/api/v1/workflows/${wf.id}`)
  t.equal(still.status, 200, 'the refused DELETE changed nothing')
})

t.test('an admin token may use the workflow routes too', async (t) => {
  const admin: CreatedToken = await gw.token('admin')
  const res = await api(admin.token, 'GET', '/api/v1/workflows')
  t.equal(res.status, 200)
})
