import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { OcrPool } from '../src/ocr/index.js'
import { clinicalScreen } from './helpers/clinical-text.js'
import { renderLines } from './helpers/rendered-text.js'

const lines = ['Date d’entrée', 'Unité médicale', 'Prénom', 'Nom de naissance', 'Hospitalisation de courte durée', 'Motif de recours']
const images = await Promise.all(lines.map((text) => renderLines(360, 50, [{ text, x: 12, y: 30, size: 13 }])))
const screen = clinicalScreen()
const slow = await renderLines(screen.width, screen.height, screen.lines)
/** the form and its note: enough text to keep a worker busy for a while */
const slowPart = { region: { x: 280, y: 60, width: 680, height: 580 } }

const pool = new OcrPool({ workers: 2 })
t.teardown(() => pool.close())

t.test('many concurrent jobs on two workers all complete, each with its own text', async (t) => {
  await pool.init()
  await pool.init()
  const results = await Promise.all([...images, ...images].map((png) => pool.recognize(png)))
  t.same(
    results.map((r) => r.text),
    [...lines, ...lines].map((l) => l.replace('’', "'")),
  )
})

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}

t.test('abort: an aborted signal, a queued job and a running job all reject at once', async (t) => {
  await t.rejects(pool.recognize(images[0], { signal: AbortSignal.abort() }), { name: 'AbortError' })

  const running = new AbortController()
  const queued = new AbortController()
  const busy = [pool.recognize(slow, { ...slowPart, signal: running.signal }), pool.recognize(slow, slowPart)]
  await until(() => pool.stats().busy === 2)
  const waiting = pool.recognize(images[0], { signal: queued.signal })
  await until(() => pool.stats().queued === 1)
  let started = Date.now()
  queued.abort()
  await t.rejects(waiting, { name: 'AbortError' })
  t.ok(Date.now() - started < 100, 'the queued job rejects at once')
  t.same(pool.stats(), { workers: 2, busy: 2, queued: 0 }, 'and leaves the queue')
  started = Date.now()
  running.abort()
  await t.rejects(busy[0], { name: 'AbortError' })
  t.ok(Date.now() - started < 100, 'the running job rejects at once; its worker finishes in the background')
  t.match((await busy[1]).text, /Nom de naissance/)
  t.equal((await pool.recognize(images[2])).text, 'Prénom', 'the pool serves jobs again')
  await until(() => pool.stats().busy === 0)
})

t.test('close rejects queued and running jobs, then refuses new ones', async (t) => {
  const closing = new OcrPool({ workers: 1 })
  const jobs = [closing.recognize(slow, slowPart), closing.recognize(slow, slowPart)].map((job) => job.then(() => 'read', (err: Error) => err.message))
  await until(() => closing.stats().busy === 1 && closing.stats().queued === 1)
  await closing.close()
  t.same(await Promise.all(jobs), ['OcrPool is closed', 'OcrPool is closed'])
  t.same(closing.stats(), { workers: 0, busy: 0, queued: 0 })
  await t.rejects(closing.recognize(images[0]), /closed/)
  await t.rejects(closing.init(), /closed/)
})

t.test('close leaves nothing running: a process that used a pool exits by itself', async (t) => {
  const fixture = fileURLToPath(new URL('./fixtures/ocr-exit.ts', import.meta.url))
  const root = fileURLToPath(new URL('../../..', import.meta.url))
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', fixture], { cwd: root, timeout: 30_000 })
  t.equal(stdout, 'Prénom|Prénom')
})
