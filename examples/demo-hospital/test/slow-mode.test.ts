import t from 'tap'
import { codingPath, DEMO_PATIENT_IPP, listPath, recordPath, RECORD_VIEWPORT } from '../src/index.js'
import { startApp } from './helpers/app.js'
import { pageAt } from './helpers/chromium.js'

const SLOW_MS = 1200

t.test('slow mode: right after navigation the targets are not visible, the top bar is; slowMs later they are', async (t) => {
  const app = await startApp(t, { slowMs: SLOW_MS })
  const page = await pageAt(t, RECORD_VIEWPORT)
  const cases: [path: string, target: string][] = [
    [listPath(), 'search-ipp'],
    [recordPath(DEMO_PATIENT_IPP), 'observation'],
    [codingPath(DEMO_PATIENT_IPP), 'decision'],
  ]
  for (const [path, target] of cases) {
    await page.goto(app.url + path)
    const loaded = Date.now()
    const locator = page.locator(`[data-target="${target}"]`)
    t.notOk(await locator.isVisible(), `${path}: ${target} not visible just after load`)
    t.ok(await page.locator('[data-target=topbar]').isVisible(), `${path}: the top bar is`)
    const box = await locator.boundingBox()
    t.ok(box && box.width > 0, 'laid out already (hidden, not absent): it appears in place')
    await locator.waitFor({ state: 'visible', timeout: SLOW_MS + 5000 })
    const waited = Date.now() - loaded
    t.ok(waited >= SLOW_MS - 200, `${path}: visible after ${waited} ms (slowMs ${SLOW_MS})`)
    t.same(await locator.boundingBox(), box, 'at the place it had while hidden')
  }
})

t.test('slow mode: a form submission is answered slowMs later; setSlowMs(0) brings it back at once', async (t) => {
  const app = await startApp(t, { slowMs: SLOW_MS })
  const page = await pageAt(t, RECORD_VIEWPORT)
  await page.goto(app.url + codingPath(DEMO_PATIENT_IPP))
  await page.locator('[data-target=decision]').waitFor({ state: 'visible' })
  await page.fill('[data-target=decision]', 'ghs')
  const clicked = Date.now()
  await Promise.all([page.waitForURL('**/codings/*', { timeout: 3 * SLOW_MS + 5000 }), page.click('[data-target=validate]')])
  t.ok(Date.now() - clicked >= SLOW_MS - 50, 'the confirmation arrives slowMs after the click at the earliest')
  t.notOk(await page.locator('[data-target=saved]').isVisible(), 'and shows its content later still')
  await page.locator('[data-target=saved]').waitFor({ state: 'visible' })
  t.equal(app.codings().length, 1)

  app.setSlowMs(0)
  await page.goto(app.url + recordPath(DEMO_PATIENT_IPP))
  t.ok(await page.locator('[data-target=observation]').isVisible(), 'slow mode off: visible at load')
})
