import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import t from 'tap'
import { BrowserDriver, createDriver, DriverUnavailableError, type DriverKind } from '../src/index.js'

/**
 * Buttons placed so that a click at device coordinates not divided by the scale (1.25) lands on another button;
 * every input the page receives is appended to window.seen.
 */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; height: 3000px; font: 14px sans-serif }
  button { position: absolute; width: 80px; height: 40px }
  #a { left: 100px; top: 100px } #b { left: 400px; top: 100px } #c { left: 530px; top: 110px; width: 60px; height: 60px }
  #field { position: absolute; left: 100px; top: 220px; width: 300px }
  #box { position: absolute; left: 600px; top: 300px; width: 300px; height: 200px; overflow: auto; border: 1px solid }
  #box div { height: 2000px }
</style></head><body>
<button id="a">A</button><button id="b">B</button><button id="c">C</button>
<input id="field" autocomplete="off">
<div id="box"><div>long list</div></div>
<script>
  window.seen = []
  const note = (s) => window.seen.push(s)
  for (const id of ['a', 'b', 'c']) {
    const el = document.getElementById(id)
    el.addEventListener('click', (e) => note('click ' + id + ' detail ' + e.detail))
    el.addEventListener('dblclick', () => note('dblclick ' + id))
    el.addEventListener('contextmenu', (e) => { e.preventDefault(); note('contextmenu ' + id) })
  }
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.key.length > 1) {
      const mods = (e.ctrlKey ? 'Control+' : '') + (e.altKey ? 'Alt+' : '') + (e.shiftKey && e.key !== 'Shift' ? 'Shift+' : '') + (e.metaKey ? 'Meta+' : '')
      if (!['Control', 'Alt', 'Meta', 'Shift'].includes(e.key)) note('key ' + mods + e.key)
      if (e.ctrlKey) e.preventDefault()
    }
  })
</script></body></html>`

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(PAGE)
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
const driver = await BrowserDriver.launch({ url, viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1.25 })
t.teardown(async () => {
  await driver.close()
  server.close()
})

const SCALE = 1.25
const seen = () => driver.page.evaluate<string[]>('window.seen.splice(0)')
/** the centre of an element in screenshot (device) pixels */
async function centre(selector: string): Promise<{ x: number; y: number }> {
  const box = (await driver.page.locator(selector).boundingBox())!
  return { x: Math.round((box.x + box.width / 2) * SCALE), y: Math.round((box.y + box.height / 2) * SCALE) }
}

t.test('screenshots are the viewport in device pixels; info says so', async (t) => {
  const png = await driver.screenshot()
  const meta = await sharp(png).metadata()
  t.equal(meta.format, 'png')
  t.same([meta.width, meta.height], [1500, 950], '1200×760 CSS pixels at 125 %')
  t.same(await driver.info(), { width: 1500, height: 950, scale: 1.25 })
  t.equal(driver.kind, 'browser')
})

t.test('a click at device coordinates lands on the element drawn there', async (t) => {
  await seen()
  const b = await centre('#b')
  t.same(b, { x: 550, y: 150 }, 'B is at 550,150 on the screenshot; C covers 550,150 in CSS pixels')
  await driver.click(b.x, b.y)
  t.same(await seen(), ['click b detail 1'])
  const a = await centre('#a')
  await driver.click(a.x, a.y, { button: 'right' })
  await driver.click(a.x, a.y, { clicks: 2 })
  t.same(await seen(), ['contextmenu a', 'click a detail 1', 'click a detail 2', 'dblclick a'])
})

t.test('typing goes to the focused field; hotkeys arrive as one chord', async (t) => {
  const field = await centre('#field')
  await driver.click(field.x, field.y)
  await driver.type('IPP 123456 — séjour')
  t.equal(await driver.page.inputValue('#field'), 'IPP 123456 — séjour')
  await seen()
  await driver.hotkey(['ctrl', 's'])
  await driver.hotkey(['CTRL', 'Shift', 'Z'])
  await driver.hotkey(['enter'])
  await driver.hotkey(['shift', 'tab'])
  t.same(await seen(), ['key Control+s', 'key Control+Shift+Z', 'key Enter', 'key Shift+Tab'])
  await t.rejects(driver.hotkey(['hyper', 'x']), /unknown key name "hyper"/)
})

t.test('scroll: wheel notches over a point, or wherever the pointer is', async (t) => {
  const box = await centre('#box')
  await driver.scroll(0, 3, box)
  await driver.page.waitForFunction('document.getElementById("box").scrollTop === 300')
  t.equal(await driver.page.evaluate<number>('window.scrollY'), 0, 'only the list under the pointer scrolled')
  const outside = await centre('#a')
  await driver.scroll(0, 2, outside)
  await driver.page.waitForFunction('window.scrollY === 200')
  await driver.scroll(0, -1)
  await driver.page.waitForFunction('window.scrollY === 100')
  t.pass('the page scrolled by 100 CSS pixels a notch, both ways')
})

t.test('attach: a page opened elsewhere, its scale read from the page; close() leaves it open', async (t) => {
  const context = await driver.page.context().browser()!.newContext({ viewport: { width: 400, height: 300 }, deviceScaleFactor: 1.5 })
  t.teardown(() => context.close())
  const page = await context.newPage()
  await page.goto(url)
  const attached = await BrowserDriver.attach(page)
  t.same(await attached.info(), { width: 600, height: 450, scale: 1.5 })
  t.same((await sharp(await attached.screenshot()).metadata()).width, 600)
  await attached.click(140 * 1.5, 120 * 1.5)
  t.same(await page.evaluate<string[]>('window.seen'), ['click a detail 1'])
  await attached.close()
  t.equal(page.isClosed(), false)
})

t.test('createDriver: a browser driver by kind; an unknown kind is refused', async (t) => {
  const made = await createDriver('browser', { url, viewport: { width: 320, height: 200 }, deviceScaleFactor: 2 })
  t.teardown(() => made.close())
  t.ok(made instanceof BrowserDriver)
  t.same(await made.info(), { width: 640, height: 400, scale: 2 })
  await t.rejects(createDriver('robot' as DriverKind, {}), DriverUnavailableError)
})
