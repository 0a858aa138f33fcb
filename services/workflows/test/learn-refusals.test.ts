import t, { type Test } from 'tap'
import sharp from 'sharp'
import { Queue } from 'bullmq'
import type { LearnedEvent } from '@rpa-vision/contracts'
import { createRedis } from '@rpa-vision/queue'
import { TEST_REDIS_URL } from '../../../test/helpers/index.js'
import { BOOTSTRAP, startLearnStack, type LearnStack } from './learn-harness.js'

const SCREEN = { width: 320, height: 200, scale: 1 }
let shot: string
let stack: LearnStack

t.before(async () => {
  shot = (await sharp({ create: { width: 320, height: 200, channels: 3, background: '#f3f5f8' } }).png().toBuffer()).toString('base64')
  // no vision worker: a trace that needs one waits LEARN_TIMEOUT_MS, then is refused
  stack = await startLearnStack(t, { learnTimeoutMs: 1500 })
})

const click = (extra: Record<string, unknown> = {}): LearnedEvent => ({ type: 'click', x: 100, y: 50, t_ms: 0, screenshot: shot, ...extra }) as LearnedEvent
const body = (events: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'refusé', screen: SCREEN, events, ...extra })

/** Nothing of a refused trace is left behind: no workflow, no secret, no image, no vision job. */
async function nothingStored(t: Test, what: string): Promise<void> {
  const counts = await stack.sql.query(`SELECT (SELECT count(*) FROM workflows)::int AS w, (SELECT count(*) FROM workflow_secrets)::int AS s,
    (SELECT count(*) FROM nodes)::int AS n, (SELECT count(*) FROM anchors)::int AS a`)
  t.same(counts.rows[0], { w: 0, s: 0, n: 0, a: 0 }, `${what}: no workflow, node, anchor or secret stored`)
}

async function jobsLeft(): Promise<number> {
  const connection = createRedis(TEST_REDIS_URL)
  try {
    let n = 0
    for (const name of ['vision.detect', 'vision.extract_text']) {
      const q = new Queue(name, { connection, prefix: stack.prefix })
      n += await q.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')
      await q.close()
    }
    return n
  } finally {
    connection.disconnect()
  }
}

t.test('bad traces are refused with 400 and a message naming the fault; nothing is stored or queued', async (t) => {
  const broken = Buffer.from(shot, 'base64').subarray(0, 60).toString('base64')
  const other = (await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } }).png().toBuffer()).toString('base64')
  const cases: [string, unknown, string, RegExp][] = [
    ['no events', body([]), 'VALIDATION_ERROR', /body\.events must NOT have fewer than 1 items/],
    ['a click without its screenshot', body([{ type: 'click', x: 1, y: 1, t_ms: 0 }]), 'VALIDATION_ERROR', /body\.events\[0\]\.screenshot is required/],
    ['a key with an unknown modifier', body([{ type: 'key', key: 'a', t_ms: 0, modifiers: ['hyper'] }]), 'VALIDATION_ERROR', /body\.events\[0\]\.modifiers\[0\] must be equal to one of the allowed values/],
    ['an unknown kind of event', body([{ type: 'tap', t_ms: 0 }]), 'VALIDATION_ERROR', /body\.events\[0\] value of tag "type" must be in oneOf/],
    ['too many events', body(Array.from({ length: 501 }, () => ({ type: 'key', key: 'a', text: 'a', t_ms: 0 }))), 'VALIDATION_ERROR', /body\.events must NOT have more than 500 items/],
    ['no name', { screen: SCREEN, events: [click()] }, 'VALIDATION_ERROR', /body\.name is required/],
    ['a screenshot that is not base64', body([click({ screenshot: '%%%not base64%%%' })]), 'INVALID_IMAGE', /events\[0\]\.screenshot is not valid base64/],
    ['a truncated PNG', body([{ type: 'key', key: 'a', text: 'a', t_ms: 0 }, click({ screenshot: broken })]), 'INVALID_IMAGE', /events\[1\]\.screenshot is not a decodable PNG or JPEG|events\[1\]\.screenshot is a corrupt or truncated/],
    ['a screenshot that is not the whole screen', body([click({ screenshot: other })]), 'INVALID_TRACE', /events\[0\]\.screenshot is 300×200: a click's screenshot must be the whole recorded screen, 320×200/],
    ['a click outside the screen', body([click({ x: 320 })]), 'INVALID_TRACE', /events\[0\]: the click at \(320, 50\) lies outside the recorded screen 320×200/],
    ['a middle click', body([click({ button: 'middle' })]), 'INVALID_TRACE', /events\[0\] is a middle click/],
    ['only modifier keys', body([{ type: 'key', key: 'Shift', modifiers: ['shift'], t_ms: 0 }]), 'INVALID_TRACE', /the trace holds no step to replay/],
  ]
  for (const [what, payload, code, message] of cases) {
    const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', payload)
    t.equal(res.status, 400, what)
    t.match(res.json, { error: { code, message } }, `${what}: ${res.json?.error?.message}`)
  }
  await nothingStored(t, 'after every refusal')
  t.equal((await stack.sql.query('SELECT count(*)::int AS n FROM images')).rows[0].n, 0, 'no screenshot stored either')
  t.equal(await jobsLeft(), 0, 'no vision job queued')
})

t.test('a body over the gateway limit is refused with 413', async (t) => {
  const huge = body([click({ screenshot: 'A'.repeat(10 * 1024 * 1024) })])
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', huge)
  t.equal(res.status, 413)
  t.equal(res.json.error.code, 'PAYLOAD_TOO_LARGE')
  await nothingStored(t, 'too large')
})

t.test('only authors learn workflows', async (t) => {
  const agent = await stack.token('agent')
  const res = await stack.call(agent, 'POST', '/api/v1/learned-workflows', body([click()]))
  t.equal(res.status, 403)
  const author = await stack.token('author')
  t.equal((await stack.call(author, 'POST', '/api/v1/learned-workflows', body([]))).status, 400, 'an author gets as far as validation')
})

t.test('no vision worker: 503 once the timeout has passed, with nothing stored and the jobs withdrawn', async (t) => {
  const started = Date.now()
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', body([click(), { type: 'key', key: 'a', text: 'a', t_ms: 1 }, click({ x: 200 })]))
  const waited = Date.now() - started
  t.equal(res.status, 503)
  t.match(res.json, { error: { code: 'VISION_UNAVAILABLE', message: /no vision worker answered within 1500 ms: learning a trace needs one .*no workflow was stored/ } })
  t.ok(waited >= 1400 && waited < 5000, `answered after the timeout, not before and not much later (${waited} ms)`)
  await nothingStored(t, 'vision worker absent')
  const images = await stack.sql.query('SELECT count(*)::int AS n, count(expires_at)::int AS transient FROM images')
  t.ok(images.rows[0].n > 0 && images.rows[0].transient === images.rows[0].n, 'the screenshots handed to the workers are transient only')
  t.equal(await jobsLeft(), 0, 'the jobs no worker took were withdrawn')
})

t.test('a trace typing into a password field, without REPLAY_SECRET_KEY: 503 SECRETS_UNAVAILABLE, nothing stored', async (t) => {
  const keyless = await startLearnStack(t, { secretKey: null, learnTimeoutMs: 1500 })
  const res = await keyless.call(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', body([click(), { type: 'key', key: 'x', text: 'x', secret: true, t_ms: 1 }]))
  t.equal(res.status, 503)
  t.match(res.json, { error: { code: 'SECRETS_UNAVAILABLE', message: /types into a password field, and the workflows service has no REPLAY_SECRET_KEY/ } })
  const counts = await keyless.sql.query('SELECT (SELECT count(*) FROM workflows)::int AS w, (SELECT count(*) FROM images)::int AS i')
  t.same(counts.rows[0], { w: 0, i: 0 })
})
