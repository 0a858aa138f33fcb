import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import t from 'tap'
import { putImage } from '@rpa-vision/db'
import { TEST_REDIS_URL } from '../../../test/helpers/databases.js'
import { freePort } from '../../../test/helpers/ports.js'
import { syntheticScreen } from '../../../test/helpers/synthetic-screen.js'
import { counting, startWorker, workerConfig, queueFixture } from './harness.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const { database, prefix, db, client, connection } = await queueFixture(t)


// Short locks, so that the killed worker's job is seen as stalled within a second or two.
const LOCK = { VISION_LOCK_MS: '1000' }

t.test('a worker process killed mid-job: another takes the job up and it completes once', async (t) => {
  const port = await freePort()
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', 'services/vision-worker/src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, VISION_PORT: String(port), LOG_LEVEL: 'warn', ...LOCK },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  t.teardown(() => void child.kill('SIGKILL'))
  // A full-HD screen, made while the process starts: seconds of OCR, long enough to be caught in the middle.
  const big = await sharp((await syntheticScreen()).png).resize(1920, 1080).png().toBuffer()
  const sha = (await putImage(db, big, { maxPixels: 40_000_000 })).sha256
  for (let up = false; !up; await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null) throw new Error('the vision worker exited at start')
    up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)
  }

  const result = client.run('vision.extract_text', { image_sha256: sha }, { timeoutMs: 60_000 })
  while ((await client.queue('vision.extract_text').getActiveCount()) === 0) await new Promise((r) => setTimeout(r, 10))
  child.kill('SIGKILL')
  await once(child, 'exit')

  const reads = counting({ recognize: async () => ({ text: 'relu', words: [] }), close: async () => {} })
  await startWorker(t, workerConfig(database, prefix, LOCK), { ocr: reads, detector: { name: 'none', detect: async () => [], close: async () => {} } })
  t.same(await result, { text: 'relu', words: [] }, 'the caller gets the survivor\'s answer')
  t.equal(reads.calls, 1, 'the survivor read it once')
  t.equal(await connection.exists(`${prefix}:ocr:${sha}:full`), 1, 'and cached it')
})
