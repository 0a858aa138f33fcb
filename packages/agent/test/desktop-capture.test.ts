/**
 * The desktop recorder on a real X server: uiohook reads the input that the DesktopDriver makes through XTEST
 * (RECORD sees it as it sees a real keyboard and mouse), on a Chromium page whose button turns a block from red to
 * blue and back, so that each click's screenshot shows whether it was taken before the click.
 */
import t from 'tap'
import sharp from 'sharp'
import type { LearnedClickEvent, LearnedEvent } from '@rpa-vision/contracts'
import { findColour, openDesktopPage, waitUntil, type DesktopPage } from './desktop-fixture.js'

const setup = await openDesktopPage(t)
if (typeof setup === 'string') t.test('desktop capture on a real X server', { skip: setup }, async () => {})
else await main(setup)

async function main({ driver, page, marker, at }: DesktopPage): Promise<void> {
  const { recordDesktop } = await import('../src/record/desktop-capture.js')
  const rec = await recordDesktop({ driver, layout: 'us' })
  let stopped = false
  t.teardown(async () => {
    if (!stopped) await rec.stop()
  })
  const btn = at('btn')
  const dbl = at('dbl')
  const inp = at('inp')
  const clicksOnBtn = () => page.events.filter((e) => e.type === 'click' && e.target === 'btn').length
  /** Acts, waits until the page saw it and the recorder heard it, then until the screen was grabbed again. */
  async function act(what: string, fn: () => Promise<void>, events: number, seen: () => boolean): Promise<void> {
    await fn()
    await waitUntil(`the page to see ${what}`, seen, 10_000)
    await waitUntil(`${events} recorded events after ${what}`, () => rec.count >= events, 10_000)
    await rec.settled()
  }

  await act('a click on the button', () => driver.click(btn.x, btn.y), 1, () => clicksOnBtn() === 1)
  // elsewhere on the button: the same place this soon would be a double click
  await act('a second click on the button', () => driver.click(btn.x + 40, btn.y), 2, () => clicksOnBtn() === 2)
  await act('a double click', () => driver.click(dbl.x, dbl.y, { clicks: 2 }), 3, () => page.events.some((e) => e.type === 'dblclick'))
  await act('a right click', () => driver.click(btn.x, btn.y, { button: 'right' }), 4, () => page.events.some((e) => e.type === 'contextmenu'))
  await act('a middle click', async () => driver.click(marker.left + 10, marker.top + 10, { button: 'middle' }), 5, () => true)
  await act('a click in the input', () => driver.click(inp.x, inp.y), 6, () => true)
  await act('typing', () => driver.type('aB1!'), 10, () => page.events.some((e) => e.type === 'input' && e.value === 'aB1!'))
  await act('ctrl+a', () => driver.hotkey(['ctrl', 'a']), 11, () => page.events.some((e) => e.type === 'keydown' && e.key === 'a' && e.ctrl === true))
  await act('shift+tab', () => driver.hotkey(['shift', 'tab']), 12, () => page.events.some((e) => e.type === 'keydown' && e.key === 'Tab'))
  await act('a scroll down', () => driver.scroll(0, 3, { x: 640, y: 600 }), 13, () => page.events.some((e) => e.type === 'scroll' && (e.y as number) > 0))
  await act('more scrolling, up and right', async () => {
    await driver.scroll(0, -1)
    await driver.scroll(2, 0)
  }, 13, () => page.events.some((e) => e.type === 'scroll' && (e.x as number) > 0))
  await act('escape', () => driver.hotkey(['escape']), 14, () => page.events.some((e) => e.type === 'keydown' && e.key === 'Escape'))
  await act('a scroll up', () => driver.scroll(0, -2, { x: 640, y: 600 }), 15, () => page.events.some((e) => e.type === 'scroll' && e.y === 0))
  // Notches add up into the last scroll without a new event: one more key, and the hook (which delivers in order)
  // has delivered them all.
  await act('escape again', () => driver.hotkey(['escape']), 16, () => page.events.filter((e) => e.type === 'keydown' && e.key === 'Escape').length === 2)
  const trace = await rec.stop()
  stopped = true

  t.test('the trace: the screen, then every input in order, in the contract’s shape', async (t) => {
    t.same(trace.screen, { width: 1280, height: 800, scale: 1 })
    const shape = trace.events.map(({ t_ms: _t, ...e }) => ('screenshot' in e ? { ...e, screenshot: '…' } : e))
    t.same(shape, [
      { type: 'click', x: btn.x, y: btn.y, screenshot: '…' },
      { type: 'click', x: btn.x + 40, y: btn.y, screenshot: '…' },
      { type: 'click', x: dbl.x, y: dbl.y, clicks: 2, screenshot: '…' },
      { type: 'click', x: btn.x, y: btn.y, button: 'right', screenshot: '…' },
      { type: 'click', x: marker.left + 10, y: marker.top + 10, button: 'middle', screenshot: '…' },
      { type: 'click', x: inp.x, y: inp.y, screenshot: '…' },
      { type: 'key', key: 'a', text: 'a' },
      { type: 'key', key: 'B', text: 'B', modifiers: ['shift'] },
      { type: 'key', key: '1', text: '1' },
      { type: 'key', key: '!', text: '!', modifiers: ['shift'] },
      { type: 'key', key: 'a', modifiers: ['ctrl'] },
      { type: 'key', key: 'Tab', modifiers: ['shift'] },
      { type: 'scroll', x: 640, y: 600, dx: 2, dy: 2 },
      { type: 'key', key: 'Escape' },
      { type: 'scroll', x: 640, y: 600, dx: 0, dy: -2 },
      { type: 'key', key: 'Escape' },
    ])
    const times = trace.events.map((e) => e.t_ms)
    t.same(times, [...times].sort((a, b) => a - b), 't_ms never goes back')
    t.ok(times.every((ms) => Number.isInteger(ms) && ms >= 0))
  })

  t.test('each click carries the whole screen as it was just before it', async (t) => {
    const clicks = trace.events.filter((e: LearnedEvent): e is LearnedClickEvent => e.type === 'click')
    const pngs = clicks.map((c) => Buffer.from(c.screenshot, 'base64'))
    for (const png of pngs) {
      const meta = await sharp(png).metadata()
      t.same([meta.format, meta.width, meta.height], ['png', 1280, 800])
    }
    // The first click turned the block blue, the second back to red: each screenshot shows the colour before it.
    t.ok(await findColour(pngs[0]!, [255, 0, 0]), 'before the first click: red')
    t.equal(await findColour(pngs[0]!, [0, 0, 255]), null)
    const blue = await findColour(pngs[1]!, [0, 0, 255])
    t.same(blue && [blue.left, blue.top, blue.width, blue.height], [marker.left, marker.top, 200, 100], 'before the second: blue, where the block is')
    t.ok(await findColour(pngs[2]!, [255, 0, 0]), 'before the double click: red again')
  })
}
