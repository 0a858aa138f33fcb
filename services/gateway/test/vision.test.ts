import t from 'tap'
import { request } from 'undici'
import { QUEUED_ROUTES, type VisionExtractTextResult, type VisionResolveResult } from '@rpa-vision/contracts'
import { createRedis, createTypedWorker } from '@rpa-vision/queue'
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix } from '../../../test/helpers/databases.js'
import { makePng, makePngBomb } from '../../../test/helpers/images.js'
import { centreOf, cropPng, syntheticScreen } from '../../../test/helpers/synthetic-screen.js'
import { bearer, BOOTSTRAP_TOKEN, startGateway, startVisionWorker } from './harness.js'

// The gateway and a real vision worker (in this process) on one queue prefix, and one database.
const database = await createTestDatabase()
const prefix = testQueuePrefix()
// and a gateway whose queues no worker reads
const idlePrefix = testQueuePrefix()
const redis = createRedis(TEST_REDIS_URL)
t.teardown(async () => {
  for (const p of [prefix, idlePrefix]) {
    const keys = await redis.keys(`${p}:*`)
    if (keys.length) await redis.del(...keys)
  }
  redis.disconnect()
  await database.drop()
})
await startVisionWorker(t, database, prefix)
const gw = await startGateway(t, { QUEUE_PREFIX: prefix }, database)
const base = await gw.app.listen({ port: 0, host: '127.0.0.1' })
const author = await gw.token('author')
const agent = await gw.token('agent', 'agent-1')

const idle = await startGateway(t, { QUEUE_PREFIX: idlePrefix, VISION_TIMEOUT_MS: '500' }, database)

const screen = await syntheticScreen()
const b64 = (png: Buffer) => png.toString('base64')
const rect = screen.buttons.Valider
const resolveBody = async () => ({
  screenshot: b64(screen.png),
  anchor: { image: b64(await cropPng(screen.png, rect)), bbox: rect, screen: { width: screen.width, height: screen.height } },
})

async function post(token: string | undefined, url: string, body: unknown) {
  const res = await request(`${base}${url}`, {
    method: 'POST',
    headers: { ...(token ? bearer(token) : {}), 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.statusCode, json: (await res.body.json()) as any }
}

t.test('POST /vision/resolve: the worker\'s resolution of the anchor on the screenshot', async (t) => {
  const res = await post(author.token, '/api/v1/vision/resolve', await resolveBody())
  t.equal(res.status, 200)
  const result = res.json as VisionResolveResult
  t.match(result, { found: true, method: 'template', bbox: rect, ...centreOf(rect) })
  t.same(Object.keys(result).sort(), ['bbox', 'candidates', 'found', 'method', 'reason', 'scale', 'score', 'x', 'y'])

  const body = await resolveBody()
  const withContext = { ...body, anchor: { ...body.anchor, screenshot: b64(screen.png) }, visual_mode: 'template' }
  const admin = await post(BOOTSTRAP_TOKEN, '/api/v1/vision/resolve', withContext)
  t.equal(admin.status, 200, 'admin too, with the recording-time screen as context')
  t.match(admin.json, { found: true, bbox: rect })
})

t.test('POST /vision/ocr: the text of a region, with word boxes', async (t) => {
  const res = await post(author.token, '/api/v1/vision/ocr', { image: `data:image/png;base64,${b64(screen.png)}`, region: screen.title.rect })
  t.equal(res.status, 200)
  const result = res.json as VisionExtractTextResult
  t.equal(result.text, 'Dossier patient')
  t.match(result.words, [{ text: 'Dossier', bbox: { x: Number, y: Number, width: Number, height: Number }, confidence: Number }, { text: 'patient' }])
})

t.test('401 without a valid token, 403 for an agent', async (t) => {
  for (const route of QUEUED_ROUTES) {
    t.equal((await post(undefined, route.url, {})).status, 401, route.url)
    t.equal((await post('rpa_forged', route.url, {})).status, 401, route.url)
    const res = await post(agent.token, route.url, {})
    t.equal(res.status, 403, route.url)
    t.match(res.json, { error: { code: 'FORBIDDEN', message: /admin or author/ } })
  }
})

t.test('400 naming the field: bad base64, not an image, too many pixels, missing field, region outside', async (t) => {
  const good = await resolveBody()
  const text = b64(Buffer.from('this is not a picture at all'))
  const cases: [string, unknown, string, RegExp][] = [
    ['/api/v1/vision/resolve', { ...good, screenshot: 'not*base64!' }, 'INVALID_IMAGE', /^screenshot is not valid base64/],
    ['/api/v1/vision/resolve', { ...good, anchor: { ...good.anchor, image: text } }, 'INVALID_IMAGE', /^anchor\.image is not a decodable PNG or JPEG/],
    ['/api/v1/vision/resolve', { ...good, anchor: { ...good.anchor, screenshot: text } }, 'INVALID_IMAGE', /^anchor\.screenshot is not a decodable/],
    ['/api/v1/vision/ocr', { image: b64(makePngBomb()) }, 'INVALID_IMAGE', /^image is 30000×30000 pixels, over the limit/],
    ['/api/v1/vision/resolve', { screenshot: good.screenshot, anchor: {} }, 'VALIDATION_ERROR', /^body\.anchor\.image is required/],
    ['/api/v1/vision/resolve', { ...good, visual_mode: 'guess' }, 'VALIDATION_ERROR', /visual_mode/],
    ['/api/v1/vision/ocr', { region: screen.title.rect }, 'VALIDATION_ERROR', /^body\.image is required/],
    ['/api/v1/vision/ocr', { image: b64(await makePng(100, 50)), region: { x: 90, y: 0, width: 20, height: 10 } }, 'VALIDATION_ERROR', /^body\.region lies outside the 100×50 image/],
  ]
  for (const [url, body, code, message] of cases) {
    const res = await post(author.token, url, body)
    t.equal(res.status, 400, `${url}: ${message}`)
    t.match(res.json, { error: { code, message } })
  }
})

t.test('413 over the body limit', async (t) => {
  const res = await post(author.token, '/api/v1/vision/ocr', { image: 'A'.repeat(11 * 1024 * 1024) })
  t.equal(res.status, 413)
  t.match(res.json, { error: { code: 'PAYLOAD_TOO_LARGE' } })
})

t.test('504 VISION_TIMEOUT when no worker answers within VISION_TIMEOUT_MS', async (t) => {
  const started = Date.now()
  const res = await idle.call(author.token, { method: 'POST', url: '/api/v1/vision/resolve', payload: await resolveBody() })
  const took = Date.now() - started
  t.equal(res.statusCode, 504)
  t.same(res.json(), { error: { code: 'VISION_TIMEOUT', message: 'no vision worker answered within 500 ms' } })
  t.ok(took >= 500 && took < 1500, `answered after ${took} ms`)
})

t.test('502 VISION_FAILED with the worker\'s reason when the job fails', async (t) => {
  const connection = createRedis(TEST_REDIS_URL)
  const failing = createTypedWorker('vision.extract_text', async () => {
    throw new Error('the OCR engine fell over')
  }, { connection, prefix: idlePrefix, timeoutMs: 1000 })
  t.teardown(async () => {
    await failing.close()
    connection.disconnect()
  })
  await failing.waitUntilReady()
  const res = await idle.call(author.token, { method: 'POST', url: '/api/v1/vision/ocr', payload: { image: b64(await makePng(60, 40)) } })
  t.equal(res.statusCode, 502)
  t.match(res.json(), { error: { code: 'VISION_FAILED', message: /^vision\.extract_text job \S+ failed: the OCR engine fell over$/ } })
})

t.test('/docs/json documents the vision routes', async (t) => {
  const doc = (await gw.call(author.token, { method: 'GET', url: '/docs/json' })).json()
  for (const route of QUEUED_ROUTES) {
    const op = doc.paths[route.url]?.post
    t.equal(op?.summary, route.summary, route.url)
    t.ok(op?.requestBody, 'with its body schema')
    t.ok(op?.responses['504'], 'and its timeout answer')
  }
})
