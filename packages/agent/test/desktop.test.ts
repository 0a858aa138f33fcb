/**
 * The desktop driver on a real X server: Xvfb, a non-headless Chromium showing a page full screen, and nut-js
 * (libnut over XTEST) looking at it and acting on it. The page reports what reaches it to a local HTTP server.
 */
import t from 'tap'
import sharp from 'sharp'
import { findColour, openDesktopPage, waitUntil, type DesktopPage } from './desktop-fixture.js'

const setup = await openDesktopPage(t)
if (typeof setup === 'string') t.test('the desktop driver on a real X server', { skip: setup }, async () => {})
else main(setup)

function main({ driver, page, marker, at: centreOf, inPage }: DesktopPage): void {
  t.test('screenshot: a PNG of the whole screen in device pixels, showing the page in its colours', async (t) => {
    const png = await driver.screenshot()
    const meta = await sharp(png).metadata()
    t.equal(meta.format, 'png')
    t.same([meta.width, meta.height], [1280, 800])
    t.same(await driver.info(), { width: 1280, height: 800, scale: 1 })
    const red = await findColour(png, [255, 0, 0])
    t.same(red && [red.width, red.height], [200, 100], 'the red block, 200×100, in red (not blue: BGR was converted)')
    t.equal(await findColour(png, [0, 0, 255]), null, 'nothing blue yet')
  })

  t.test('click at the button’s screen coordinates reaches the page, left, double and right', async (t) => {
    const at = centreOf('btn')
    await driver.click(at.x, at.y)
    const click = await page.next('a click', (e) => e.type === 'click' && e.target === 'btn')
    t.match(click, { button: 0, detail: 1, ...inPage(at) })
    const shown = await waitUntil('the block to turn blue', async () => findColour(await driver.screenshot(), [0, 0, 255]), 5000)
    t.same([shown.left, shown.top], [marker.left, marker.top], 'the page reacted on screen: the block turned blue')

    const dbl = centreOf('dbl')
    await driver.click(dbl.x, dbl.y, { clicks: 2 })
    t.match(await page.next('a double click', (e) => e.type === 'dblclick'), { target: 'dbl', ...inPage(dbl) })
    t.same(page.events.filter((e) => e.target === 'dbl').map((e) => e.type === 'click' ? e.detail : e.type), [1, 2, 'dblclick'], 'two clicks, the second a double click')

    await driver.click(at.x, at.y, { button: 'right' })
    t.match(await page.next('a right click', (e) => e.type === 'contextmenu'), { button: 2 })
  })

  t.test('typed text arrives in the focused input; hotkeys act on it', async (t) => {
    const at = centreOf('inp')
    await driver.click(at.x, at.y)
    const text = 'Hello, World 42! (a_b) {c} <d> "e" ~f@g#h$i%j^k&l*m+n=o|p\\q/r?s;t:u\'v`w[x]y'
    await driver.type(text)
    await page.next('the typed text', (e) => e.type === 'input' && e.value === text)
    t.pass('typed every ASCII symbol, shifted or not')

    await driver.hotkey(['ctrl', 'a'])
    const french = 'Né à Noël, âgé de 74 ans : œdème, 12,50 € — ça va ?'
    await driver.type(french)
    await page.next('the French text', (e) => e.type === 'input' && e.value === french)
    t.pass('typed French text, accents, œ, € and a dash the keymap lacks')

    await driver.hotkey(['ctrl', 'a'])
    await page.next('ctrl+a', (e) => e.type === 'keydown' && e.key === 'a' && e.ctrl === true)
    await driver.hotkey(['backspace'])
    await page.next('the input emptied', (e) => e.type === 'input' && e.value === '')
    t.pass('ctrl+a then backspace emptied it')

    await driver.type('abc')
    await page.next('abc', (e) => e.type === 'input' && e.value === 'abc')
    await driver.hotkey(['shift', 'Home'])
    await driver.hotkey(['DELETE'])
    await page.next('the input emptied again', (e) => e.type === 'input' && e.value === '')
    t.pass('shift+home then delete (names are case-insensitive)')

    await driver.hotkey(['enter'])
    await page.next('Enter', (e) => e.type === 'keydown' && e.key === 'Enter')
    await driver.hotkey(['f2'])
    await page.next('F2', (e) => e.type === 'keydown' && e.key === 'F2')
    t.pass('enter and f2')

    await t.rejects(driver.hotkey(['ctrl', 'nosuchkey']), /unknown key name "nosuchkey"/)
  })

  t.test('scroll over a point moves the page: dy > 0 down, dy < 0 up, dx > 0 right, dx < 0 left', async (t) => {
    const at = centreOf('btn')
    await driver.scroll(0, 3, { x: at.x, y: at.y + 200 })
    const down = await page.next('a scroll down', (e) => e.type === 'scroll' && (e.y as number) > 0)
    t.ok((down.y as number) > 0, `scrolled down to ${down.y}`)
    await driver.scroll(0, -3)
    await page.next('a scroll back to the top', (e) => e.type === 'scroll' && e.y === 0)
    t.pass('as many notches up brought it back to the top')
    await driver.scroll(2, 0)
    const right = await page.next('a scroll right', (e) => e.type === 'scroll' && (e.x as number) > 0)
    t.equal(right.y, 0, `dx > 0 scrolled right (to ${right.x}), not down`)
    await driver.scroll(-2, 0)
    await page.next('a scroll back to the left edge', (e) => e.type === 'scroll' && e.x === 0)
    t.pass('dx < 0 scrolled back left')
  })
}
