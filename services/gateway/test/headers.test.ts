import t from 'tap'
import { BOOTSTRAP_TOKEN, startGateway } from './harness.js'

const ALLOWED = 'https://frontend.example'
const gw = await startGateway(t, { CORS_ORIGINS: `${ALLOWED}, https://other.example` })

t.test('security headers on API answers, errors included', async (t) => {
  for (const [label, token, url] of [['200', BOOTSTRAP_TOKEN, '/api/v1/tokens'], ['401', undefined, '/api/v1/tokens'], ['public', undefined, '/health']] as const) {
    const res = await gw.call(token, { method: 'GET', url })
    t.equal(res.headers['x-content-type-options'], 'nosniff', label)
    t.equal(res.headers['x-frame-options'], 'DENY', label)
    const csp = String(res.headers['content-security-policy'])
    t.match(csp, /default-src 'none'/, label)
    t.match(csp, /frame-ancestors 'none'/, label)
    t.notMatch(csp, /unsafe-inline/, label)
    t.ok(res.headers['x-request-id'], `${label}: request id echoed`)
  }
})

t.test('the HTML pages get a CSP that lets them run: own scripts only, inline styles', async (t) => {
  for (const url of ['/docs', '/admin/queues']) {
    const res = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    const csp = String(res.headers['content-security-policy'])
    t.match(csp, /script-src 'self'(;|$)/, `${url}: scripts from the gateway only`)
    t.match(csp, /style-src 'self' 'unsafe-inline'/, url)
    t.match(csp, /frame-ancestors 'none'/, url)
    t.equal(res.headers['x-frame-options'], 'DENY', url)
    t.equal(res.headers['x-content-type-options'], 'nosniff', url)
  }
})

t.test('CORS: only configured origins get Access-Control-Allow-Origin', async (t) => {
  const allowed = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/api/v1/tokens', headers: { origin: ALLOWED } })
  t.equal(allowed.headers['access-control-allow-origin'], ALLOWED)
  t.match(allowed.headers['access-control-expose-headers'], /x-request-id/)
  const other = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/api/v1/tokens', headers: { origin: 'https://evil.example' } })
  t.equal(other.statusCode, 200)
  t.equal(other.headers['access-control-allow-origin'], undefined)
})

t.test('CORS preflight: answered without a token for allowed origins, with no grant for others', async (t) => {
  const preflight = (origin: string) =>
    gw.call(undefined, {
      method: 'OPTIONS',
      url: '/api/v1/workflows',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    })
  const ok = await preflight(ALLOWED)
  t.equal(ok.statusCode, 204)
  t.equal(ok.headers['access-control-allow-origin'], ALLOWED)
  t.match(ok.headers['access-control-allow-methods'], /POST/)
  t.match(ok.headers['access-control-allow-headers'], /authorization/)
  const evil = await preflight('https://evil.example')
  t.equal(evil.headers['access-control-allow-origin'], undefined)
})

t.test('CORS is off when no origin is configured', async (t) => {
  const closed = await startGateway(t)
  const res = await closed.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/api/v1/tokens', headers: { origin: ALLOWED } })
  t.equal(res.headers['access-control-allow-origin'], undefined)
  const preflight = await closed.call(undefined, {
    method: 'OPTIONS', url: '/api/v1/workflows', headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
  })
  t.equal(preflight.headers['access-control-allow-origin'], undefined)
  t.not(preflight.statusCode, 204)
})

t.test('rate limit: 429 envelope once a token exceeds the limit; other tokens and /health unaffected', async (t) => {
  const limited = await startGateway(t, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' })
  const author = await limited.token('author')
  for (let i = 0; i < 3; i++) t.equal((await limited.call(author.token, { method: 'GET', url: '/ready' })).statusCode === 429, false)
  const res = await limited.call(author.token, { method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 429)
  t.match(res.json(), { error: { code: 'RATE_LIMITED', message: /retry/ } })
  t.ok(res.headers['retry-after'])
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  const health = await limited.call(undefined, { method: 'GET', url: '/health' })
  t.equal(health.statusCode, 200, 'liveness is never limited')
  const other = await limited.token('author')
  t.not((await limited.call(other.token, { method: 'GET', url: '/ready' })).statusCode, 429, 'keyed per token')
})

t.test('rate limit without a token is keyed by address', async (t) => {
  const limited = await startGateway(t, { RATE_LIMIT_MAX: '2' })
  for (let i = 0; i < 2; i++) t.equal((await limited.call(undefined, { method: 'GET', url: '/api/v1/tokens' })).statusCode, 401)
  const res = await limited.call(undefined, { method: 'GET', url: '/api/v1/tokens' })
  t.equal(res.statusCode, 429)
  t.equal(res.json().error.code, 'RATE_LIMITED')
})
