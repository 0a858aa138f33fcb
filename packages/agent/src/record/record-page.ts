import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import type { LearnedClickEvent, LearnedEvent } from '@rpa-vision/contracts'
import { listenerScript, stopScript, type PageInput, type PageSent } from './in-page.js'
import { DOUBLE_CLICK_MS, DOUBLE_CLICK_PX, type Recording } from './recording.js'
import { RollingScreenshots, type RollingOptions, type Shot } from './rolling-screenshots.js'

export type { Recording } from './recording.js'

export interface RecordPageOptions extends RollingOptions {
  /** device pixels per CSS pixel of the page (the browser context's deviceScaleFactor); default 1 */
  deviceScaleFactor?: number
  /** wheel device pixels per notch (default 100, as BrowserDriver scrolls) */
  wheelPixelsPerNotch?: number
}

/** Page captures kept besides those the trace holds: enough to find one taken before an input that arrives late. */
const KEEP = 8
/** DOM wheel deltas in lines and pages, as notches. */
const LINES_PER_NOTCH = 3
/** How long stop() waits for input the page reported and the recorder has not received yet. */
const DRAIN_MS = 2000

type PendingClick = Omit<LearnedClickEvent, 'screenshot'> & { shot: Shot<Buffer>; at: number; css: { x: number; y: number } }
type Pending = PendingClick | Exclude<LearnedEvent, LearnedClickEvent>

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

/** The page as a PNG in device pixels; undefined once it was closed. */
async function capturePage(page: Page): Promise<Buffer | undefined> {
  try {
    return await page.screenshot({ type: 'png', scale: 'device', caret: 'hide' })
  } catch (err) {
    if (page.isClosed()) return undefined
    throw err
  }
}

/**
 * Records what the user does on a Playwright page: clicks (left, right, double) with the screen just before each,
 * keys (with the character typed, modifiers, whether the field is a password field and its name), wheel scrolls.
 * Coordinates come out in device pixels, the pixels of the screenshots. See RollingScreenshots for how "just before"
 * is met, and its limit.
 */
export async function recordPage(page: Page, opts: RecordPageOptions = {}): Promise<Recording> {
  const scale = opts.deviceScaleFactor ?? 1
  const notch = opts.wheelPixelsPerNotch ?? 100
  const startedAt = Date.now()
  const binding = `__rpaRecord_${randomBytes(6).toString('hex')}`
  const shots = new RollingScreenshots(() => capturePage(page), KEEP, opts)
  const events: Pending[] = []
  const received = new Map<string, number>()
  let recording = true

  const device = (v: number) => Math.max(0, Math.round(v * scale))
  const tMs = (at: number) => Math.max(0, at - startedAt)
  const onInput = (input: PageInput) => {
    if (!recording) return
    received.set(input.doc, (received.get(input.doc) ?? 0) + 1)
    const last = events.at(-1)
    if (input.kind === 'pointer') {
      const repeat =
        last?.type === 'click' && (last.button ?? 'left') === input.button && (last.clicks ?? 1) === 1 && input.at - last.at <= DOUBLE_CLICK_MS &&
        Math.hypot(input.x - last.css.x, input.y - last.css.y) <= DOUBLE_CLICK_PX
      if (repeat) last.clicks = 2
      else {
        events.push({
          type: 'click', x: device(input.x), y: device(input.y), ...(input.button === 'right' ? { button: 'right' as const } : {}),
          t_ms: tMs(input.at), at: input.at, css: { x: input.x, y: input.y }, shot: shots.before(input.at),
        })
      }
    } else if (input.kind === 'key') {
      events.push({
        type: 'key', key: input.key, ...(input.text ? { text: input.text } : {}), ...(input.modifiers.length ? { modifiers: input.modifiers } : {}),
        ...(input.secret ? { secret: true } : {}), ...(input.field_name ? { field_name: input.field_name } : {}), t_ms: tMs(input.at),
      })
    } else {
      // DOM pixel deltas are CSS pixels: a notch of `notch` device pixels is notch/scale of them
      const per = input.deltaMode === 0 ? notch / scale : input.deltaMode === 1 ? LINES_PER_NOTCH : 1
      const dx = input.dx / per
      const dy = input.dy / per
      if (last?.type === 'scroll') {
        last.dx += dx
        last.dy += dy
      } else events.push({ type: 'scroll', x: device(input.x), y: device(input.y), dx, dy, t_ms: tMs(input.at) })
    }
    shots.noteInput(input.at)
  }

  await page.exposeBinding(binding, (_source, input: PageInput) => onInput(input))
  const script = listenerScript(binding)
  await page.addInitScript({ content: script })
  await page.evaluate(script)
  await shots.start()

  return {
    get count() {
      return events.length
    },
    settled: () => shots.settled(),
    async stop() {
      // The page may have reported input (the second press of a double click) that is still on its way here.
      const sent = page.isClosed() ? null : await page.evaluate<PageSent | null>(stopScript(binding)).catch(() => null)
      const until = Date.now() + DRAIN_MS
      while (sent && (received.get(sent.doc) ?? 0) < sent.sent && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
      recording = false
      await shots.stop()
      const first = events.find((e): e is PendingClick => e.type === 'click')?.shot ?? shots.latest()
      const viewport = page.viewportSize()
      const { width, height } = first ? pngSize(first.image) : { width: device(viewport?.width ?? 0), height: device(viewport?.height ?? 0) }
      return {
        screen: { width, height, scale },
        events: events.map((e): LearnedEvent => {
          if (e.type !== 'click') return e
          const { shot, at: _at, css: _css, ...click } = e
          return { ...click, screenshot: shot.image.toString('base64') }
        }),
      }
    },
  }
}
