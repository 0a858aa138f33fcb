import t from 'tap'
import { putImage } from '@rpa-vision/db'
import { JobFailedError } from '@rpa-vision/queue'
import { makePng } from '../../../test/helpers/images.js'
import { centreOf, cropPng, syntheticScreen } from '../../../test/helpers/synthetic-screen.js'
import { startWorker, workerConfig, queueFixture } from './harness.js'

const { database, prefix, db, client, connection } = await queueFixture(t)
const { app, ocr } = await startWorker(t, workerConfig(database, prefix))

const screen = await syntheticScreen()
const store = async (png: Buffer) => (await putImage(db, png, { maxPixels: 40_000_000 })).sha256
const screenSha = await store(screen.png)
const RUN = { timeoutMs: 20_000 }
const MISSING = 'f'.repeat(64)

/** The id in a JobFailedError's message, "vision.x job <id> failed: …". */
const jobIdOf = (err: Error) => /job (\S+) failed/.exec(err.message)![1]!

t.test('resolve finds the button cut from the screen, at its place', async (t) => {
  const rect = screen.buttons.Imprimer
  const anchor = await store(await cropPng(screen.png, rect))
  const res = await client.run('vision.resolve', {
    screenshot_sha256: screenSha,
    anchor: { image_sha256: anchor, bbox: rect, screen: { width: screen.width, height: screen.height } },
  }, RUN)
  t.match(res, { found: true, method: 'template', bbox: rect, ...centreOf(rect) })
  t.ok(res.score > 0.95)
})

t.test('a missing image fails the job at once, naming it, without retries', async (t) => {
  const err = (await client
    .run('vision.resolve', { screenshot_sha256: screenSha, anchor: { image_sha256: MISSING } }, { ...RUN, attempts: 3 })
    .catch((e: unknown) => e)) as Error
  t.type(err, JobFailedError)
  t.match(err.message, `the anchor image ${MISSING} is not in the image store`)
  const job = await client.queue('vision.resolve').getJob(jobIdOf(err))
  t.equal(job?.attemptsMade, 1, 'tried once of its 3 attempts')
  t.equal(await job?.getState(), 'failed')
})

t.test('a region outside the image fails the job, saying so', async (t) => {
  const err = (await client
    .run('vision.extract_text', { image_sha256: screenSha, region: { x: 900, y: 0, width: 100, height: 10 } }, RUN)
    .catch((e: unknown) => e)) as Error
  t.type(err, JobFailedError)
  t.match(err.message, /region 100×10 at \(900, 0\) lies outside the 960×540 image/)
})

t.test('clip: a region running past the image is read up to its edge; one wholly outside still fails', async (t) => {
  const region = screen.title.rect
  const past = { ...region, width: 960 - region.x + 300 }
  const clipped = await client.run('vision.extract_text', { image_sha256: screenSha, region: past, clip: true }, RUN)
  const exact = await client.run('vision.extract_text', { image_sha256: screenSha, region: { ...region, width: 960 - region.x } }, RUN)
  t.equal(clipped.text, exact.text, 'the same words as the region cut at the edge')
  t.ok(clipped.text.length > 0)
  const err = (await client
    .run('vision.extract_text', { image_sha256: screenSha, region: { x: 1000, y: 0, width: 100, height: 10 }, clip: true }, RUN)
    .catch((e: unknown) => e)) as Error
  t.type(err, JobFailedError)
  t.match(err.message, /lies outside the 960×540 image/)
})

t.test('resolve by text: found by reading the screen; extract_text of the same screen reuses that reading', async (t) => {
  const before = ocr.calls
  const unrelated = await store(await makePng(180, 56, 7))
  const res = await client.run('vision.resolve', {
    screenshot_sha256: screenSha,
    anchor: { image_sha256: unrelated, target_text: 'annuler' },
    visual_mode: 'text',
  }, RUN)
  t.equal(res.found, true, res.reason ?? '')
  t.match(res.method, /^text/)
  const b = screen.buttons.Annuler
  t.ok(res.x! >= b.x && res.x! <= b.x + b.width && res.y! >= b.y && res.y! <= b.y + b.height, 'inside the Annuler button')
  t.equal(ocr.calls, before + 1)

  const text = await client.run('vision.extract_text', { image_sha256: screenSha }, RUN)
  t.equal(ocr.calls, before + 1, 'served from the cache')
  t.match(text.text, /^Dossier patient\n/, 'reading order: the title first')
  for (const label of ['Valider', 'Annuler', 'Imprimer', 'Rechercher']) t.ok(text.words.some((w) => w.text === label), label)
})

t.test('extract_text of a region: the known text, then the second call from the cache', async (t) => {
  const region = screen.title.rect
  const before = ocr.calls
  const first = await client.run('vision.extract_text', { image_sha256: screenSha, region }, RUN)
  t.equal(first.text, screen.title.text)
  t.same(first.words.map((w) => w.text), ['Dossier', 'patient'])
  t.ok(first.words.every((w) => w.bbox.x >= region.x && w.bbox.y >= region.y), 'boxes in the whole image\'s pixels')
  t.equal(ocr.calls, before + 1)
  const second = await client.run('vision.extract_text', { image_sha256: screenSha, region }, RUN)
  t.same(second, first)
  t.equal(ocr.calls, before + 1, 'not read again')
  const ttl = await connection.ttl(`${prefix}:ocr:${screenSha}:20,20,460x70`)
  t.ok(ttl > 0 && ttl <= 3600, 'cached under the queue prefix, with a TTL')
})

t.test('detect finds the buttons; with a region, boxes stay in image pixels', async (t) => {
  const all = await client.run('vision.detect', { image_sha256: screenSha }, RUN)
  t.equal(all.detector, 'classical')
  const near = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    Math.abs(a.x - b.x) <= 3 && Math.abs(a.y - b.y) <= 3 && Math.abs(a.width - b.width) <= 4 && Math.abs(a.height - b.height) <= 4
  for (const [label, rect] of Object.entries(screen.buttons)) t.ok(all.elements.some((e) => near(e.bbox, rect)), label)

  const rect = screen.buttons.Rechercher
  const region = { x: rect.x - 20, y: rect.y - 20, width: rect.width + 40, height: rect.height + 40 }
  const part = await client.run('vision.detect', { image_sha256: screenSha, region }, RUN)
  t.ok(part.elements.some((e) => near(e.bbox, rect)), 'the button, at its place on the screen')
  t.ok(part.elements.every((e) => e.bbox.x >= region.x && e.bbox.y >= region.y))
})

t.test('/health and /ready', async (t) => {
  t.same((await app.inject({ method: 'GET', url: '/health' })).json(), { status: 'ok' })
  const ready = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready', checks: { postgres: 'ok', redis: 'ok', consumers: 'ok' } })
})
