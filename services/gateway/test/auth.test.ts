import t from 'tap'
import { eq, openDb, schema } from '@rpa-vision/db'
import { Authenticator, BOOTSTRAP_PRINCIPAL } from '../src/auth/authenticator.js'
import { BOOTSTRAP_TOKEN, startGateway } from './harness.js'

const gw = await startGateway(t)
const { db, close } = openDb({ url: gw.database.url, max: 2 })
t.teardown(close)

t.test('Authenticator: bootstrap token, unknown tokens, and last_used_at at most once a minute', async (t) => {
  let now = Date.parse('2026-01-01T10:00:00Z')
  const auth = new Authenticator(db, BOOTSTRAP_TOKEN, () => now)
  t.same(await auth.verify(BOOTSTRAP_TOKEN), BOOTSTRAP_PRINCIPAL)
  t.equal(await auth.verify(`${BOOTSTRAP_TOKEN}x`), null)
  t.equal(await auth.verify('rpa_unknown'), null)
  t.equal(await new Authenticator(db, undefined).verify(''), null, 'no bootstrap token configured: nothing matches')

  const agent = await gw.token('agent', 'agent-42')
  t.same(await auth.verify(agent.token), { id: agent.id, role: 'agent', agentId: 'agent-42' })
  const lastUsed = async () => (await db.select().from(schema.tokens).where(eq(schema.tokens.id, agent.id)))[0]!.lastUsedAt
  t.same(await lastUsed(), new Date(now))
  now += 30_000
  await auth.verify(agent.token)
  t.same(await lastUsed(), new Date(now - 30_000), 'not written again within the minute')
  now += 31_000
  await auth.verify(agent.token)
  t.same(await lastUsed(), new Date(now), 'written again after a minute')
})

t.test('Authenticator: a verified token is trusted for cacheMs; revoked elsewhere, it stops within that time; forget() stops it at once', async (t) => {
  let now = Date.parse('2026-01-01T10:00:00Z')
  const auth = new Authenticator(db, BOOTSTRAP_TOKEN, () => now, 5000)
  const agent = await gw.token('agent', 'agent-43')
  t.same(await auth.verify(agent.token), { id: agent.id, role: 'agent', agentId: 'agent-43' })
  await db.update(schema.tokens).set({ revokedAt: new Date(now) }).where(eq(schema.tokens.id, agent.id)) // as another gateway would
  now += 4000
  t.same(await auth.verify(agent.token), { id: agent.id, role: 'agent', agentId: 'agent-43' }, 'within the window: from the cache')
  now += 1001
  t.equal(await auth.verify(agent.token), null, 'after it: looked up again, revoked')

  const other = await gw.token('author')
  t.ok(await auth.verify(other.token))
  await db.update(schema.tokens).set({ revokedAt: new Date(now) }).where(eq(schema.tokens.id, other.id))
  auth.forget(other.id)
  t.equal(await auth.verify(other.token), null, 'forgotten (revoked through this gateway): refused at once')
  const uncached = new Authenticator(db, BOOTSTRAP_TOKEN, () => now, 0)
  const third = await gw.token('author')
  t.ok(await uncached.verify(third.token))
  await db.update(schema.tokens).set({ revokedAt: new Date(now) }).where(eq(schema.tokens.id, third.id))
  t.equal(await uncached.verify(third.token), null, 'cacheMs 0: every request looks it up')
})

t.test('GET /health needs no token; everything else does', async (t) => {
  const health = await gw.call(undefined, { method: 'GET', url: '/health' })
  t.equal(health.statusCode, 200)
  t.same(health.json(), { status: 'ok' })
  for (const url of ['/ready', '/metrics', '/docs/json', '/admin/queues', '/api/v1/workflows', '/no/such/route']) {
    const res = await gw.call(undefined, { method: 'GET', url })
    t.equal(res.statusCode, 401, url)
    t.match(res.json(), { error: { code: 'UNAUTHORIZED', message: /token/ } })
  }
})

t.test('malformed Authorization headers get 401', async (t) => {
  for (const authorization of ['Basic Zm9vOmJhcg==', 'Bearer', 'Bearer ', BOOTSTRAP_TOKEN, `Bearer ${BOOTSTRAP_TOKEN} extra`]) {
    const res = await gw.call(undefined, { method: 'GET', url: '/api/v1/tokens', headers: { authorization } })
    t.equal(res.statusCode, 401, authorization)
  }
  const lower = await gw.call(undefined, { method: 'GET', url: '/api/v1/tokens', headers: { authorization: `bearer ${BOOTSTRAP_TOKEN}` } })
  t.equal(lower.statusCode, 200, 'the scheme is case-insensitive')
})

t.test('an unknown route answers 404 to any valid token, agents included', async (t) => {
  const agent = await gw.token('agent', 'agent-1')
  const res = await gw.call(agent.token, { method: 'GET', url: '/api/v1/nothing-here' })
  t.equal(res.statusCode, 404)
  t.match(res.json(), { error: { code: 'NOT_FOUND' } })
})

t.test('a wrong role gets 403 naming the roles needed', async (t) => {
  const agent = await gw.token('agent', 'agent-2')
  const res = await gw.call(agent.token, { method: 'GET', url: '/api/v1/workflows' })
  t.equal(res.statusCode, 403)
  t.match(res.json(), { error: { code: 'FORBIDDEN', message: /needs the admin or author role; this token is agent/ } })
  const author = await gw.token('author')
  const metrics = await gw.call(author.token, { method: 'GET', url: '/metrics' })
  t.equal(metrics.statusCode, 403)
  t.match(metrics.json(), { error: { message: /needs the admin role/ } })
})

t.test('the token never travels in cookies outside the browser pages', async (t) => {
  const res = await gw.call(undefined, { method: 'GET', url: '/api/v1/tokens', cookies: { rpa_token: BOOTSTRAP_TOKEN } })
  t.equal(res.statusCode, 401)
  const query = await gw.call(undefined, { method: 'GET', url: `/api/v1/tokens?token=${BOOTSTRAP_TOKEN}` })
  t.equal(query.statusCode, 401)
})
