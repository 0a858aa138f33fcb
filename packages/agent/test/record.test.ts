import { pathToFileURL } from 'node:url'
import t from 'tap'
import { chromium, type Browser, type Page } from 'playwright-core'
import sharp from 'sharp'
import type { LearnedClickEvent, LearnedKeyEvent, LearnedScrollEvent } from '@rpa-vision/contracts'
import { recordPage } from '../src/record/index.js'

const PAGE = pathToFileURL(new URL('../../../services/workflows/test/learn-pages/connexion.html', import.meta.url).pathname).href
const VIEWPORT = { width: 1024, height: 640 }

let browser: Browser
t.before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
})
t.teardown(() => browser.close())

async function open(scale: number): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: scale, locale: 'fr-FR' })
  const page = await context.newPage()
  await page.goto(PAGE)
  return page
}

/** The centre of an element in CSS pixels. */
async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** The mean grey level of a device-pixel box of a PNG: tells a filled field (dark glyphs) from an empty one. */
async function meanGrey(png: Buffer, box: { x: number; y: number; width: number; height: number }): Promise<number> {
  const { data } = await sharp(png).extract({ left: box.x, top: box.y, width: box.width, height: box.height }).greyscale().raw().toBuffer({ resolveWithObject: true })
  return data.reduce((a, v) => a + v, 0) / data.length
}

for (const scale of [1, 1.25]) {
  t.test(`clicks, keys and wheel at scale ${scale}: device pixels, a screenshot before each click`, async (t) => {
    const page = await open(scale)
    t.teardown(() => page.context().close())
    const rec = await recordPage(page, { deviceScaleFactor: scale })
    const login = await centre(page, '#login')
    await page.mouse.click(login.x, login.y)
    await page.keyboard.type('dr.house')
    await rec.settled()
    const password = await centre(page, '#password')
    await page.mouse.click(password.x, password.y)
    await page.keyboard.type('S3cret!')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Control+a')
    await page.mouse.wheel(0, 100)
    await page.mouse.wheel(0, 200)
    await rec.settled()
    const openButton = await centre(page, '#open')
    await page.mouse.dblclick(openButton.x, openButton.y)
    await page.mouse.click(openButton.x, openButton.y, { button: 'right' })
    await page.mouse.click(openButton.x, openButton.y, { button: 'middle' })
    const trace = await rec.stop()
    await page.mouse.click(login.x, login.y)
    t.equal(rec.count, trace.events.length, 'nothing recorded after stop()')

    t.same(trace.screen, { width: Math.round(VIEWPORT.width * scale), height: Math.round(VIEWPORT.height * scale), scale })
    const clicks = trace.events.filter((e): e is LearnedClickEvent => e.type === 'click')
    const keys = trace.events.filter((e): e is LearnedKeyEvent => e.type === 'key')
    const scrolls = trace.events.filter((e): e is LearnedScrollEvent => e.type === 'scroll')
    t.same(trace.events.map((e) => e.type), ['click', ...Array(8).fill('key'), 'click', ...Array(9).fill('key'), 'scroll', 'click', 'click'], 'in order; the middle click is not recorded')
    t.match(clicks[0], { x: Math.round(login.x * scale), y: Math.round(login.y * scale) }, 'click coordinates in device pixels')
    t.equal(clicks[2]!.clicks, 2, 'a double click is one event')
    t.equal(clicks[3]!.button, 'right')
    for (const c of clicks) {
      const meta = await sharp(Buffer.from(c.screenshot, 'base64')).metadata()
      t.same([meta.format, meta.width, meta.height], ['png', trace.screen.width, trace.screen.height], 'each click carries a whole-screen PNG in device pixels')
    }
    t.same(keys.slice(0, 8).map((k) => k.text).join(''), 'dr.house')
    t.same(keys[0], { type: 'key', key: 'd', text: 'd', field_name: 'login', t_ms: keys[0]!.t_ms })
    t.ok(keys.slice(8, 15).every((k) => k.secret === true && k.field_name === 'password'), 'keys typed into the password field are flagged secret')
    t.notOk(keys.slice(0, 8).some((k) => k.secret), 'the others are not')
    t.same(keys[15], { type: 'key', key: 'Enter', secret: true, field_name: 'password', t_ms: keys[15]!.t_ms })
    t.match(keys[16], { key: 'a', text: 'a', modifiers: ['ctrl'] }, 'a chord keeps its modifiers')
    t.match(scrolls[0], { dx: 0, dy: 3 }, 'consecutive wheel events add up, in notches of 100 px')
    t.ok(trace.events.every((e, i) => i === 0 || e.t_ms >= trace.events[i - 1]!.t_ms), 't_ms never goes back')

    // The screenshot of the click into the password field was taken after "dr.house" was typed (settled), before the click.
    const loginBox = (await page.locator('#login').boundingBox())!
    const inside = { x: Math.round((loginBox.x + 10) * scale), y: Math.round((loginBox.y + 6) * scale), width: Math.round(100 * scale), height: Math.round(18 * scale) }
    const emptyField = await meanGrey(Buffer.from(clicks[0]!.screenshot, 'base64'), inside)
    const typedField = await meanGrey(Buffer.from(clicks[1]!.screenshot, 'base64'), inside)
    t.ok(emptyField > 250 && typedField < emptyField - 10, `the field is empty before the first click (${emptyField.toFixed(0)}) and filled before the second (${typedField.toFixed(0)})`)
  })
}

t.test('a page that stops propagation or fakes events changes nothing; a new document is recorded too', async (t) => {
  const page = await open(1)
  t.teardown(() => page.context().close())
  const rec = await recordPage(page, { deviceScaleFactor: 1 })
  await page.evaluate(`
    document.addEventListener('pointerdown', (e) => e.stopPropagation(), true)
    document.querySelector('#connect').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: 5, clientY: 5 }))
  `)
  const button = await centre(page, '#connect')
  await page.mouse.click(button.x, button.y)
  await page.reload()
  const other = await centre(page, '#open')
  await page.mouse.click(other.x, other.y)
  const trace = await rec.stop()
  t.same(
    trace.events.map((e) => [e.type, (e as LearnedClickEvent).x, (e as LearnedClickEvent).y]),
    [['click', Math.round(button.x), Math.round(button.y)], ['click', Math.round(other.x), Math.round(other.y)]],
    'the user clicks only, before and after a reload',
  )
})
