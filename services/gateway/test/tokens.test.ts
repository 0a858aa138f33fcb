import t from 'tap'
import type { CreatedToken, TokenList } from '@rpa-vision/contracts'
import { eq, openDb, schema } from '@rpa-vision/db'
import { hashToken } from '../src/auth/secrets.js'
import { BOOTSTRAP_TOKEN, startGateway } from './harness.js'

const gw = await startGateway(t)
const { db, close } = openDb({ url: gw.database.url, max: 2 })
t.teardown(close)

const create = (token: string | undefined, payload: unknown) => gw.call(token, { method: 'POST', url: '/api/v1/tokens', payload: payload as object })

t.test('POST /api/v1/tokens creates a token shown once and stores only its hash', async (t) => {
  const res = await create(BOOTSTRAP_TOKEN, { name: 'ci agent', role: 'agent', agent_id: 'agent-7' })
  t.equal(res.statusCode, 201)
  const body = res.json<CreatedToken>()
  t.match(body, { name: 'ci agent', role: 'agent', agent_id: 'agent-7' })
  t.match(body.token, /^rpa_[A-Za-z0-9_-]{43}$/)
  const [row] = await db.select().from(schema.tokens).where(eq(schema.tokens.id, body.id))
  t.equal(row!.tokenHash, hashToken(body.token))
  t.notOk(JSON.stringify(row).includes(body.token), 'the token itself is nowhere in the row')
  t.equal(row!.createdBy, 'bootstrap')
  const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, body.id))
  t.match(audit, { actor: 'bootstrap', action: 'token.create', targetType: 'token', requestId: res.headers['x-request-id'] })
  t.notOk(JSON.stringify(audit).includes(body.token), 'the audit row never holds the token')
})

t.test('POST /api/v1/tokens refuses invalid bodies, naming the field', async (t) => {
  const noAgent = await create(BOOTSTRAP_TOKEN, { name: 'agent', role: 'agent' })
  t.equal(noAgent.statusCode, 400)
  t.match(noAgent.json(), { error: { code: 'VALIDATION_ERROR', message: /agent_id/ } })
  const agentIdOnAuthor = await create(BOOTSTRAP_TOKEN, { name: 'author', role: 'author', agent_id: 'a1' })
  t.equal(agentIdOnAuthor.statusCode, 400)
  t.match(agentIdOnAuthor.json(), { error: { message: /agent_id/ } })
  const badRole = await create(BOOTSTRAP_TOKEN, { name: 'x', role: 'root' })
  t.equal(badRole.statusCode, 400)
  t.match(badRole.json(), { error: { code: 'VALIDATION_ERROR', message: /role/ } })
  const noName = await create(BOOTSTRAP_TOKEN, { role: 'admin' })
  t.equal(noName.statusCode, 400)
  t.match(noName.json(), { error: { message: /name/ } })
  const extra = await create(BOOTSTRAP_TOKEN, { name: 'x', role: 'admin', scope: 'all' })
  t.equal(extra.statusCode, 400)
  t.match(extra.json(), { error: { message: /scope/ } })
})

t.test('GET /api/v1/tokens lists tokens without any secret or hash', async (t) => {
  const author = await gw.token('author')
  const res = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/api/v1/tokens' })
  t.equal(res.statusCode, 200)
  const { items } = res.json<TokenList>()
  const listed = items.find((i) => i.id === author.id)
  t.match(listed, { name: author.name, role: 'author', agent_id: null, revoked_at: null, created_at: String })
  t.notOk(res.body.includes(author.token), 'no token in the listing')
  t.notOk(res.body.includes(hashToken(author.token)), 'no hash in the listing')
  t.notOk(res.body.includes('token_hash'))
})

t.test('DELETE /api/v1/tokens/:id revokes: the token then gets 401', async (t) => {
  const author = await gw.token('author')
  t.equal((await gw.call(author.token, { method: 'GET', url: '/ready' })).statusCode !== 401, true, 'works before')
  const res = await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: `/api/v1/tokens/${author.id}` })
  t.equal(res.statusCode, 204)
  const [row] = await db.select().from(schema.tokens).where(eq(schema.tokens.id, author.id))
  t.ok(row!.revokedAt instanceof Date)
  const after = await gw.call(author.token, { method: 'GET', url: '/api/v1/workflows' })
  t.equal(after.statusCode, 401)
  t.match(after.json(), { error: { code: 'UNAUTHORIZED' } })
  const again = await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: `/api/v1/tokens/${author.id}` })
  t.equal(again.statusCode, 204, 'revoking twice is harmless')
  const [same] = await db.select().from(schema.tokens).where(eq(schema.tokens.id, author.id))
  t.same(same!.revokedAt, row!.revokedAt, 'and keeps the first revocation time')
  const audits = await db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, author.id))
  t.ok(audits.some((a) => a.action === 'token.revoke' && a.actor === 'bootstrap'))
})

t.test('DELETE /api/v1/tokens/:id: unknown id 404, malformed id 400', async (t) => {
  const unknown = await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: '/api/v1/tokens/00000000-0000-4000-8000-000000000000' })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: { code: 'NOT_FOUND' } })
  const malformed = await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: '/api/v1/tokens/nope' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { error: { message: /params\.id/ } })
})

t.test('a created admin token manages tokens, and is the audit actor', async (t) => {
  const admin = await gw.token('admin')
  const res = await create(admin.token, { name: 'made by admin', role: 'author' })
  t.equal(res.statusCode, 201)
  const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, res.json<CreatedToken>().id))
  t.equal(audit!.actor, admin.id)
})

t.test('token routes: 401 without, with an invalid or a revoked token; 403 for author and agent', async (t) => {
  const author = await gw.token('author')
  const agent = await gw.token('agent', 'agent-1')
  const revoked = await gw.token('admin')
  await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` })
  const routes = [
    { method: 'POST' as const, url: '/api/v1/tokens', payload: { name: 'x', role: 'author' } },
    { method: 'GET' as const, url: '/api/v1/tokens' },
    { method: 'DELETE' as const, url: `/api/v1/tokens/${author.id}` },
  ]
  for (const route of routes) {
    const refused = { none: undefined, unknown: 'rpa_not-a-real-token', 'wrong bootstrap': 'wrong-bootstrap', revoked: revoked.token }
    for (const [label, token] of Object.entries(refused)) {
      const res = await gw.call(token, route)
      t.equal(res.statusCode, 401, `${route.method} ${route.url}: ${label} token`)
      t.equal(res.json().error.code, 'UNAUTHORIZED')
    }
    for (const { role, token } of [author, agent]) {
      const res = await gw.call(token, route)
      t.equal(res.statusCode, 403, `${route.method} ${route.url} as ${role}`)
      t.match(res.json(), { error: { code: 'FORBIDDEN', message: /needs the admin role/ } })
    }
  }
  const rows = await db.select().from(schema.tokens).where(eq(schema.tokens.id, author.id))
  t.equal(rows[0]!.revokedAt, null, 'the refused DELETE changed nothing')
})
