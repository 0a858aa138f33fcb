import t from 'tap'
import { PUBLIC_ROUTES } from '@rpa-vision/contracts'
import { allQueueNames } from '@rpa-vision/queue'
import { createTestDatabase } from '../../../test/helpers/index.js'
import { redactTokenParam } from '../src/logging.js'
import { BOOTSTRAP_TOKEN, closedPort, startGateway, startLlmUpstream, startReplayUpstream, startWorkflowsUpstream } from './harness.js'

const database = await createTestDatabase()
t.teardown(() => database.drop())
const workflowsUrl = await startWorkflowsUpstream(t, database)
const replayUrl = await startReplayUpstream(t, database, workflowsUrl)
const llmUrl = await startLlmUpstream(t, database)
const up = { WORKFLOWS_URL: workflowsUrl, REPLAY_URL: replayUrl, LLM_WORKER_URL: llmUrl }
const gw = await startGateway(t, up, database)
const author = await gw.token('author')
const agent = await gw.token('agent', 'agent-1')

t.test('/ready: 200 with every check ok, for any role; 401 without a token', async (t) => {
  for (const token of [BOOTSTRAP_TOKEN, author.token, agent.token]) {
    const res = await gw.call(token, { method: 'GET', url: '/ready' })
    t.equal(res.statusCode, 200)
    t.same(res.json(), { status: 'ready', checks: { postgres: 'ok', redis: 'ok', workflows: 'ok', replay: 'ok', llm: 'ok' } })
  }
  t.equal((await gw.call(undefined, { method: 'GET', url: '/ready' })).statusCode, 401)
})

t.test('/ready: 503 naming postgres when it is down', async (t) => {
  const down = await startGateway(t, { ...up, DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/none` }, database)
  const res = await down.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { status: 'not_ready', checks: { postgres: /^error: /, redis: 'ok', workflows: 'ok' } })
})

t.test('/ready: 503 naming the workflows service when it is down', async (t) => {
  const down = await startGateway(t, { ...up, WORKFLOWS_URL: `http://127.0.0.1:${await closedPort()}` }, database)
  const res = await down.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { status: 'not_ready', checks: { postgres: 'ok', redis: 'ok', workflows: /^error: the workflows service is unavailable/ } })
})

t.test('/ready: 503 naming the replay service when it is down', async (t) => {
  const down = await startGateway(t, { ...up, REPLAY_URL: `http://127.0.0.1:${await closedPort()}` }, database)
  const res = await down.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { status: 'not_ready', checks: { postgres: 'ok', redis: 'ok', workflows: 'ok', replay: /^error: the replay service is unavailable/ } })
})

t.test('/ready: 503 naming the llm worker when it is down', async (t) => {
  const down = await startGateway(t, { ...up, LLM_WORKER_URL: `http://127.0.0.1:${await closedPort()}` }, database)
  const res = await down.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { status: 'not_ready', checks: { postgres: 'ok', redis: 'ok', workflows: 'ok', replay: 'ok', llm: /^error: the llm service is unavailable/ } })
})

t.test('/ready: 503 naming redis when it is down, and the app still closes', async (t) => {
  const down = await startGateway(t, { ...up, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }, database)
  const started = Date.now()
  const res = await down.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { checks: { postgres: 'ok', redis: /^error: /, workflows: 'ok' } })
  t.ok(Date.now() - started < 3000, 'bounded in time')
})

t.test('/metrics: admin only; the duration histogram is labelled by route pattern', async (t) => {
  await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: '/api/v1/tokens/00000000-0000-4000-8000-000000000000' })
  await gw.call(author.token, { method: 'GET', url: '/api/v1/node-types' })
  t.equal((await gw.call(undefined, { method: 'GET', url: '/metrics' })).statusCode, 401)
  t.equal((await gw.call(author.token, { method: 'GET', url: '/metrics' })).statusCode, 403)
  t.equal((await gw.call(agent.token, { method: 'GET', url: '/metrics' })).statusCode, 403)
  const res = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/metrics' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain/)
  t.match(res.body, /# TYPE http_request_duration_seconds histogram/)
  t.match(res.body, /http_request_duration_seconds_bucket\{le="0\.005",method="DELETE",route="\/api\/v1\/tokens\/:id",status_code="404"\}/)
  t.match(res.body, /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/node-types",status_code="200"\} 1/)
  t.match(res.body, /route="\/metrics",status_code="403"/)
  t.notMatch(res.body, /00000000-0000-4000/, 'never the raw URL')
  t.match(res.body, /process_cpu_user_seconds_total/, 'default process metrics')
})

t.test('/docs/json documents the public routes with the bearer scheme; /docs needs a token', async (t) => {
  t.equal((await gw.call(undefined, { method: 'GET', url: '/docs/json' })).statusCode, 401)
  t.equal((await gw.call(agent.token, { method: 'GET', url: '/docs/json' })).statusCode, 403)
  const res = await gw.call(author.token, { method: 'GET', url: '/docs/json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.same(doc.components.securitySchemes, { bearer: { type: 'http', scheme: 'bearer' } })
  t.same(doc.security, [{ bearer: [] }])
  for (const route of PUBLIC_ROUTES) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}')
    const op = doc.paths[path]?.[route.method.toLowerCase()]
    t.ok(op, `${route.method} ${route.url} is documented`)
    t.equal(op?.summary, route.summary)
  }
  t.ok(doc.paths['/api/v1/workflows'].post.requestBody, 'with its body schema')
  t.ok(doc.paths['/api/v1/workflows/{id}'].put.responses['409'], 'and its documented errors')
  t.ok(doc.paths['/api/v1/tokens'].post, 'the gateway\'s own routes too')
  t.same(doc.paths['/health'].get.security, [], '/health is the one open route')
  t.notOk(Object.keys(doc.paths).some((p) => p.startsWith('/admin/queues')), 'the dashboard\'s internals are hidden')
  const ui = await gw.call(author.token, { method: 'GET', url: '/docs' })
  t.equal(ui.statusCode, 200)
  t.match(ui.headers['content-type'], /text\/html/)
})

t.test('/admin/queues: 401 without a token, 403 for author, 200 for admin listing every queue', async (t) => {
  t.equal((await gw.call(undefined, { method: 'GET', url: '/admin/queues' })).statusCode, 401)
  const forbidden = await gw.call(author.token, { method: 'GET', url: '/admin/queues' })
  t.equal(forbidden.statusCode, 403)
  t.match(forbidden.json(), { error: { code: 'FORBIDDEN', message: /admin/ } })
  t.equal((await gw.call(agent.token, { method: 'GET', url: '/admin/queues/api/queues' })).statusCode, 403)
  const page = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/admin/queues' })
  t.equal(page.statusCode, 200)
  t.match(page.body, /<base href="\/admin\/queues\/"/)
  const api = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/admin/queues/api/queues' })
  t.equal(api.statusCode, 200)
  const names = (api.json().queues as { name: string }[]).map((q) => q.name).sort()
  t.same(names, allQueueNames().sort())
})

t.test('browser login: ?token= sets an HttpOnly SameSite=Strict cookie for the page, then redirects without it', async (t) => {
  const login = await gw.call(undefined, { method: 'GET', url: `/admin/queues?token=${BOOTSTRAP_TOKEN}` })
  t.equal(login.statusCode, 303)
  t.equal(login.headers.location, '/admin/queues')
  const cookie = String(login.headers['set-cookie'])
  t.match(cookie, new RegExp(`^rpa_token=${BOOTSTRAP_TOKEN};`))
  t.match(cookie, /Path=\/admin\/queues/)
  t.match(cookie, /HttpOnly/)
  t.match(cookie, /SameSite=Strict/)
  const withCookie = await gw.call(undefined, { method: 'GET', url: '/admin/queues/api/queues', cookies: { rpa_token: BOOTSTRAP_TOKEN } })
  t.equal(withCookie.statusCode, 200)

  const asAuthor = await gw.call(undefined, { method: 'GET', url: `/admin/queues?token=${author.token}` })
  t.equal(asAuthor.statusCode, 403)
  t.notOk(asAuthor.headers['set-cookie'], 'no cookie for a token without the role')
  const forged = await gw.call(undefined, { method: 'GET', url: '/admin/queues', cookies: { rpa_token: 'rpa_forged' } })
  t.equal(forged.statusCode, 401)

  const docs = await gw.call(undefined, { method: 'GET', url: `/docs?token=${author.token}` })
  t.equal(docs.statusCode, 303)
  t.match(String(docs.headers['set-cookie']), /Path=\/docs;/)
  const json = await gw.call(undefined, { method: 'GET', url: '/docs/json', cookies: { rpa_token: author.token } })
  t.equal(json.statusCode, 200)
})

t.test('a ?token= never reaches the request log', async (t) => {
  t.equal(redactTokenParam('/admin/queues?token=rpa_secret'), '/admin/queues?token=[redacted]')
  t.equal(redactTokenParam('/docs?a=1&token=rpa_secret&b=2'), '/docs?a=1&token=[redacted]&b=2')
  t.equal(redactTokenParam('/api/v1/workflows?q=token'), '/api/v1/workflows?q=token')
})
