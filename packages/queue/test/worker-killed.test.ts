import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { JobClient, createRedis, createTypedWorker } from '@rpa-vision/queue'
import { TEST_REDIS_URL, testQueuePrefix } from '../../../test/helpers/index.js'

const prefix = testQueuePrefix()
const connection = createRedis(TEST_REDIS_URL)
const client = new JobClient({ connection, prefix }, () => createRedis(TEST_REDIS_URL))
t.teardown(async () => {
  await client.close()
  const keys = await connection.keys(`${prefix}:*`)
  if (keys.length) await connection.del(...keys)
  connection.disconnect()
})

t.test('a worker process killed mid-job: the job is taken up again by another worker and completes once', async (t) => {
  // A worker in another process takes the job, says so, then hangs until it is killed with SIGKILL.
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', fileURLToPath(new URL('./fixtures/hanging-worker.ts', import.meta.url))], {
    env: { ...process.env, PREFIX: prefix, REDIS_URL: TEST_REDIS_URL },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()))
  await ready
  const taken = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('took') && resolve()))
  const result = client.run('vision.detect', { image_sha256: 'b'.repeat(64) }, { timeoutMs: 20_000, attempts: 3 })
  await taken
  child.kill('SIGKILL')
  await once(child, 'exit')

  let runs = 0
  const survivorConnection = createRedis(TEST_REDIS_URL)
  const survivor = createTypedWorker(
    'vision.detect',
    async () => {
      runs++
      return { detector: 'survivor', elements: [] }
    },
    { connection: survivorConnection, prefix, timeoutMs: 5000, lockDuration: 1000, stalledInterval: 500 },
  )
  t.teardown(async () => {
    await survivor.close()
    survivorConnection.disconnect()
  })
  t.same(await result, { detector: 'survivor', elements: [] }, 'the caller still gets its answer')
  t.equal(runs, 1, 'the survivor ran it once')
})
