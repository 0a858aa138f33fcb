import t from 'tap'
import { JobClient, JobFailedError, JobTimeoutError, createRedis, createTypedWorker } from '@rpa-vision/queue'
import { TEST_REDIS_URL, testQueuePrefix } from '../../../test/helpers/index.js'

const prefix = testQueuePrefix()
const connection = createRedis(TEST_REDIS_URL)
const client = new JobClient({ connection, prefix }, () => createRedis(TEST_REDIS_URL))
const screenshot = 'a'.repeat(64)

const workerConnection = createRedis(TEST_REDIS_URL)
const worker = createTypedWorker(
  'vision.extract_text',
  async (job, signal) => {
    if (job.data.region?.x === 1) throw new Error('cannot read this region')
    if (job.data.region?.x === 2) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 5000)
        signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('aborted by timeout')) }, { once: true })
      })
    }
    return { text: `read ${job.data.image_sha256.slice(0, 4)}`, words: [] }
  },
  { connection: workerConnection, prefix, concurrency: 4, timeoutMs: 300 },
)
await worker.waitUntilReady()

t.teardown(async () => {
  await worker.close()
  workerConnection.disconnect()
  await client.close()
  const keys = await connection.keys(`${prefix}:*`)
  if (keys.length) await connection.del(...keys)
  connection.disconnect()
})

t.test('run enqueues and resolves with the typed result', async (t) => {
  const results = await Promise.all(
    Array.from({ length: 20 }, () => client.run('vision.extract_text', { image_sha256: screenshot }, { timeoutMs: 5000 })),
  )
  t.equal(results.length, 20)
  for (const r of results) t.same(r, { text: 'read aaaa', words: [] })
})

t.test('a failing job rejects with JobFailedError carrying the reason, after its attempts', async (t) => {
  const err = await client
    .run('vision.extract_text', { image_sha256: screenshot, region: { x: 1, y: 0, width: 5, height: 5 } }, { timeoutMs: 5000, attempts: 2, backoff: { type: 'fixed', delay: 10 } })
    .catch((e: unknown) => e)
  t.type(err, JobFailedError)
  t.match((err as Error).message, /cannot read this region/)
})

t.test('a processor past its timeout is aborted through its signal', async (t) => {
  const started = Date.now()
  const err = await client
    .run('vision.extract_text', { image_sha256: screenshot, region: { x: 2, y: 0, width: 5, height: 5 } }, { timeoutMs: 5000, attempts: 1 })
    .catch((e: unknown) => e)
  t.type(err, JobFailedError)
  t.match((err as Error).message, /aborted by timeout/)
  t.ok(Date.now() - started < 4000, 'the worker gave up at its own timeout, not the 5 s sleep')
})

t.test('waiting longer than the caller allows rejects with JobTimeoutError', async (t) => {
  const err = await client
    .run('vision.detect', { image_sha256: screenshot }, { timeoutMs: 200 }) // no worker consumes vision.detect here
    .catch((e: unknown) => e)
  t.type(err, JobTimeoutError)
  t.match((err as Error).message, /vision\.detect job \S+ did not finish within 200 ms/)
})
