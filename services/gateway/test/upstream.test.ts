import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import t from 'tap'
import { request } from 'undici'
import { upstreamPath } from '../src/proxy/upstream.js'
import { bearer, closedPort, INTERNAL_SECRET, startGateway } from './harness.js'

const ID = '3f1c2b7e-5d4a-4e8b-9c0d-1a2b3c4d5e6f'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** A stand-in for an internal service: records what arrives, answers what the test says. */
async function startStub(t: { teardown(fn: () => unknown): void }, answer: (seen: Seen) => { status: number; type: string; body: string } | null) {
  const seen: Seen[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() }
      seen.push(s)
      const a = answer(s)
      if (!a) return // never answers
      res.writeHead(a.status, { 'content-type': a.type, 'x-internal-detail': 'stays inside' }).end(a.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, seen }
}

async function listen(app: { listen(o: { port: number; host: string }): Promise<string> }) {
  return app.listen({ port: 0, host: '127.0.0.1' })
}

t.test('the request goes on with the internal secret, the principal and the request id, and nothing else of the caller', async (t) => {
  const stub = await startStub(t, () => ({ status: 200, type: 'application/json', body: JSON.stringify({ id: ID, field_added_later: { kept: true } }) }))
  const gw = await startGateway(t, { WORKFLOWS_URL: stub.url })
  const author = await gw.token('author')
  const base = await listen(gw.app)
  const res = await request(`${base}/api/v1/workflows/${ID}`, { headers: { ...bearer(author.token), cookie: 'session=abc', 'x-request-id': 'caller-chosen-id' } })
  t.equal(res.statusCode, 200)
  t.same(await res.body.json(), { id: ID, field_added_later: { kept: true } }, 'fields outside the schema are not stripped')
  t.equal(res.headers['x-internal-detail'], undefined, 'only the listed response headers come back')
  const [s] = stub.seen
  t.equal(s!.method, 'GET')
  t.equal(s!.url, `/api/v1/workflows/${ID}`)
  t.equal(s!.headers['x-rpa-internal-secret'], INTERNAL_SECRET)
  t.equal(s!.headers['x-rpa-principal-id'], author.id)
  t.equal(s!.headers['x-rpa-principal-role'], 'author')
  t.equal(s!.headers['x-rpa-principal-agent'], undefined)
  t.equal(s!.headers['x-request-id'], res.headers['x-request-id'])
  t.equal(s!.headers['x-request-id'], 'caller-chosen-id', 'a caller request id is kept end to end')
  t.equal(s!.headers.authorization, undefined, 'the bearer token stays at the gateway')
  t.equal(s!.headers.cookie, undefined)
})

t.test('method, query string and JSON body are forwarded; upstream errors pass through unchanged', async (t) => {
  const stub = await startStub(t, (s) =>
    s.method === 'POST'
      ? { status: 500, type: 'application/json; charset=utf-8', body: '{"error":{"code":"INTERNAL","message":"upstream broke"}}' }
      : { status: 200, type: 'application/json', body: '{"items":[],"total":0}' },
  )
  const gw = await startGateway(t, { WORKFLOWS_URL: stub.url })
  const author = await gw.token('author')
  const base = await listen(gw.app)
  const list = await request(`${base}/api/v1/workflows?q=abc&limit=5`, { headers: bearer(author.token) })
  t.equal(list.statusCode, 200)
  await list.body.dump()
  t.equal(stub.seen[0]!.url, '/api/v1/workflows?q=abc&limit=5')

  const body = { status: 'approved', feedback: 'fine' }
  const review = await request(`${base}/api/v1/workflows/${ID}/review`, {
    method: 'POST', headers: { ...bearer(author.token), 'content-type': 'application/json' }, body: JSON.stringify(body),
  })
  t.equal(review.statusCode, 500)
  t.equal(await review.body.text(), '{"error":{"code":"INTERNAL","message":"upstream broke"}}')
  t.equal(stub.seen[1]!.method, 'POST')
  t.equal(stub.seen[1]!.headers['content-type'], 'application/json')
  t.same(JSON.parse(stub.seen[1]!.body), body)
})

t.test('an upstream that is down gets a prompt 503 envelope', async (t) => {
  const gw = await startGateway(t, { WORKFLOWS_URL: `http://127.0.0.1:${await closedPort()}` })
  const author = await gw.token('author')
  const base = await listen(gw.app)
  const started = Date.now()
  const res = await request(`${base}/api/v1/workflows`, { headers: bearer(author.token) })
  t.equal(res.statusCode, 503)
  t.same(await res.body.json(), { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'the workflows service is unavailable' } })
  t.ok(Date.now() - started < 2000, 'no hang')

  const invalid = await request(`${base}/api/v1/workflows`, {
    method: 'POST', headers: { ...bearer(author.token), 'content-type': 'application/json' }, body: '{"nodes":[]}',
  })
  t.equal(invalid.statusCode, 400, 'validation happens at the edge, before the upstream is tried')
  t.match(await invalid.body.json(), { error: { message: /name/ } })
})

t.test('an upstream that never answers gets a 504 envelope after the upstream timeout', async (t) => {
  const stub = await startStub(t, () => null)
  const gw = await startGateway(t, { WORKFLOWS_URL: stub.url, UPSTREAM_TIMEOUT_MS: '300' })
  const author = await gw.token('author')
  const base = await listen(gw.app)
  const started = Date.now()
  const res = await request(`${base}/api/v1/node-types`, { headers: bearer(author.token) })
  const elapsed = Date.now() - started
  t.equal(res.statusCode, 504)
  t.match(await res.body.json(), { error: { code: 'UPSTREAM_UNAVAILABLE', message: /did not answer within 300 ms/ } })
  t.ok(elapsed >= 250 && elapsed < 3000, `answered after ${elapsed} ms`)
})

t.test('upstreamPath builds the path from the pattern and the validated params, keeping the query', async (t) => {
  t.equal(upstreamPath('/api/v1/workflows/:id/nodes/:nodeId/anchor', { id: ID, nodeId: 'n.1:a' }, '/x?y'), `/api/v1/workflows/${ID}/nodes/n.1%3Aa/anchor?y`)
  t.equal(upstreamPath('/api/v1/workflows', {}, '/api/v1/workflows?q=a%20b&limit=5'), '/api/v1/workflows?q=a%20b&limit=5')
  t.equal(upstreamPath('/api/v1/workflows/:id', { id: '../tokens' }, '/api/v1/workflows/..%2Ftokens'), '/api/v1/workflows/..%2Ftokens', 'a param never adds a path segment')
})
