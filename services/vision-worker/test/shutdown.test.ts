import t from 'tap'
import { putImage } from '@rpa-vision/db'
import { JobFailedError } from '@rpa-vision/queue'
import type { RecognizeOptions } from '@rpa-vision/vision'
import { makePng } from '../../../test/helpers/images.js'
import { buildApp } from '../src/app.js'
import type { Engines } from '../src/engines.js'
import { workerConfig, queueFixture } from './harness.js'

const { database, prefix, db, client } = await queueFixture(t)

/** Engines whose OCR takes as long as `read` says; closing them is recorded. */
function slowEngines(read: (options: RecognizeOptions) => Promise<void>) {
  const closed: string[] = []
  const engines: Engines = {
    ocr: {
      async recognize(_image, options = {}) {
        await read(options)
        return { text: 'lu', words: [] }
      },
      close: async () => void closed.push('ocr'),
    },
    detector: { name: 'none', detect: async () => [], close: async () => void closed.push('detector') },
  }
  return { engines, closed }
}

async function untilActive(): Promise<void> {
  while ((await client.queue('vision.extract_text').getActiveCount()) === 0) await new Promise((r) => setTimeout(r, 10))
}

t.test('closing the worker lets an active job finish, then closes the engines', async (t) => {
  let finished = false
  const { engines, closed } = slowEngines(async () => {
    await new Promise((r) => setTimeout(r, 500))
    finished = true
  })
  const app = await buildApp(workerConfig(database, prefix), { engines })
  const sha = (await putImage(db, await makePng(40, 30, 1), { maxPixels: 1e6 })).sha256
  const result = client.run('vision.extract_text', { image_sha256: sha }, { timeoutMs: 10_000 })
  await untilActive()
  await app.close()
  t.ok(finished, 'the job ran to its end before close returned')
  t.same(await result, { text: 'lu', words: [] })
  t.same(closed.sort(), ['detector', 'ocr'])
})

t.test('a job still running after the grace period is stopped, and fails saying why', async (t) => {
  const { engines } = slowEngines(({ signal }) => new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))))
  const app = await buildApp(workerConfig(database, prefix, { VISION_SHUTDOWN_GRACE_MS: '300' }), { engines })
  const sha = (await putImage(db, await makePng(40, 30, 2), { maxPixels: 1e6 })).sha256
  const result = client.run('vision.extract_text', { image_sha256: sha }, { timeoutMs: 10_000, attempts: 1 }).catch((e: unknown) => e)
  await untilActive()
  const started = Date.now()
  await app.close()
  t.ok(Date.now() - started < 2000, 'closed soon after the grace period')
  const err = (await result) as Error
  t.type(err, JobFailedError)
  t.match(err.message, /vision\.extract_text job \S+ was stopped: the vision worker is shutting down/)
})

t.test('a job past VISION_JOB_TIMEOUT_MS is aborted and fails naming the limit', async (t) => {
  const { engines } = slowEngines(({ signal }) => new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))))
  const app = await buildApp(workerConfig(database, prefix, { VISION_JOB_TIMEOUT_MS: '200' }), { engines })
  t.teardown(() => app.close())
  const sha = (await putImage(db, await makePng(40, 30, 3), { maxPixels: 1e6 })).sha256
  const err = (await client.run('vision.extract_text', { image_sha256: sha }, { timeoutMs: 10_000, attempts: 1 }).catch((e: unknown) => e)) as Error
  t.type(err, JobFailedError)
  t.match(err.message, /did not finish within 200 ms/)
})
