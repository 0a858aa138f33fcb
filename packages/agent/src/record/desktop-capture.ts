import type { LearnedClickEvent, LearnedEvent, Modifier } from '@rpa-vision/contracts'
import { createDesktopDriver, type DesktopDriver, type DesktopFrame } from '../drivers/desktop.js'
import { frameToPng } from '../drivers/desktop-png.js'
import { MODIFIER_KEYCODES, mapKey, type KeyboardLayout } from './desktop-keymap.js'
import { loadUiohook, startHook, type UiohookKeyboardEvent, type UiohookMouseEvent, type UiohookWheelEvent } from './desktop-uiohook.js'
import { DOUBLE_CLICK_MS, DOUBLE_CLICK_PX, type Recording } from './recording.js'
import { RollingScreenshots, type RollingOptions, type Shot } from './rolling-screenshots.js'

export type { KeyboardLayout } from './desktop-keymap.js'

export interface DesktopRecordOptions extends RollingOptions {
  /** the driver that grabs the screen; one is made (and closed on stop) when absent */
  driver?: DesktopDriver
  /** the keyboard layout the user types on, for key names and text (default 'us'); uiohook reports key places only */
  layout?: KeyboardLayout
}

/** What recordDesktop answers: stop() also stops the hook and the grabs. */
export type DesktopRecording = Recording

/**
 * Grabs kept (raw, 4 bytes a pixel: 8 MB each at 1920×1080), besides those a recording holds for its clicks. Grabs stay
 * raw; only those a click keeps are encoded, once each.
 */
const KEEP = 3
/** uiohook's mouse buttons (the same numbering on every OS); the others (back, forward) are not recorded. */
const BUTTONS: Record<number, 'left' | 'right' | 'middle'> = { 1: 'left', 2: 'right', 3: 'middle' }
const VERTICAL = 3

type Frame = Shot<DesktopFrame>
type PendingClick = Omit<LearnedClickEvent, 'screenshot'> & { frame: Frame; at: number; png: Promise<Buffer> }
type Pending = PendingClick | Exclude<LearnedEvent, LearnedClickEvent>

let active = false

/**
 * Records what the user does on the whole desktop through a global input hook (uiohook): clicks (left, right,
 * middle, double) with the screen just before each, key presses (DOM key name, the character on the given layout,
 * modifiers held), wheel notches. Coordinates come out in screenshot pixels. One recording at a time per process:
 * the hook is global. Throws DesktopUnavailableError (with the reason) where the hook or the screen cannot be had.
 */
export async function recordDesktop(opts: DesktopRecordOptions = {}): Promise<DesktopRecording> {
  if (active) throw new Error('a desktop recording is already running in this process')
  active = true
  let driver: DesktopDriver | undefined
  const ownDriver = !opts.driver
  try {
    driver = opts.driver ?? (await createDesktopDriver())
    const hook = await loadUiohook()
    return await start(hook, driver, ownDriver, opts)
  } catch (e) {
    active = false
    if (ownDriver) await driver?.close()
    throw e
  }
}

async function start(hook: Awaited<ReturnType<typeof loadUiohook>>, driver: DesktopDriver, ownDriver: boolean, opts: DesktopRecordOptions): Promise<DesktopRecording> {
  const layout = opts.layout ?? 'us'
  const info = await driver.info()
  // The hook reports the pointer in the OS's logical pixels, as nut-js moves it: scaled to the screenshot's.
  const device = (v: number) => Math.max(0, Math.round(v * info.scale))
  const frames = new RollingScreenshots(() => driver.grab(), KEEP, opts)
  const pngs = new WeakMap<Frame, Promise<Buffer>>()
  /** A grab as PNG, encoded once however many clicks share it. */
  const png = (frame: Frame): Promise<Buffer> => {
    let encoded = pngs.get(frame)
    if (!encoded) {
      encoded = frameToPng(frame.image)
      pngs.set(frame, encoded)
    }
    return encoded
  }
  await frames.start()
  const startedAt = Date.now()
  const tMs = (at: number) => Math.max(0, at - startedAt)
  const events: Pending[] = []
  let recording = true

  const onMouseDown = (e: UiohookMouseEvent): void => {
    const button = BUTTONS[e.button as number]
    if (!recording || !button) return
    const at = Date.now()
    const x = device(e.x)
    const y = device(e.y)
    const last = events.at(-1)
    const repeat =
      last?.type === 'click' && (last.button ?? 'left') === button && (last.clicks ?? 1) === 1 && at - last.at <= DOUBLE_CLICK_MS &&
      Math.hypot(x - last.x, y - last.y) <= DOUBLE_CLICK_PX * info.scale
    if (repeat) last.clicks = 2
    else {
      const frame = frames.before(at)
      events.push({ type: 'click', x, y, ...(button !== 'left' ? { button } : {}), t_ms: tMs(at), at, frame, png: png(frame) })
    }
    frames.noteInput(at)
  }

  const onKeyDown = (e: UiohookKeyboardEvent): void => {
    if (!recording || MODIFIER_KEYCODES.has(e.keycode)) return
    const at = Date.now()
    const mapped = mapKey(e.keycode, e.shiftKey, layout) ?? { key: 'Unidentified' }
    const modifiers: Modifier[] = []
    if (e.ctrlKey) modifiers.push('ctrl')
    if (e.altKey) modifiers.push('alt')
    if (e.shiftKey) modifiers.push('shift')
    if (e.metaKey) modifiers.push('meta')
    // With ctrl, alt or meta held a key is a shortcut, not typing.
    const text = mapped.text !== undefined && !e.ctrlKey && !e.altKey && !e.metaKey ? mapped.text : undefined
    events.push({ type: 'key', key: mapped.key, ...(text !== undefined ? { text } : {}), ...(modifiers.length ? { modifiers } : {}), t_ms: tMs(at) })
    frames.noteInput(at)
  }

  const onWheel = (e: UiohookWheelEvent): void => {
    if (!recording) return
    const at = Date.now()
    // rotation: notches, positive down (vertical) or right (horizontal), on every OS
    const dx = e.direction === VERTICAL ? 0 : e.rotation
    const dy = e.direction === VERTICAL ? e.rotation : 0
    const last = events.at(-1)
    if (last?.type === 'scroll') {
      last.dx += dx
      last.dy += dy
    } else events.push({ type: 'scroll', x: device(e.x), y: device(e.y), dx, dy, t_ms: tMs(at) })
    frames.noteInput(at)
  }

  hook.on('mousedown', onMouseDown)
  hook.on('keydown', onKeyDown)
  hook.on('wheel', onWheel)
  const unlisten = (): void => {
    hook.off('mousedown', onMouseDown)
    hook.off('keydown', onKeyDown)
    hook.off('wheel', onWheel)
  }
  try {
    startHook(hook)
  } catch (e) {
    unlisten()
    await frames.stop()
    throw e
  }

  return {
    get count() {
      return events.length
    },
    settled: () => frames.settled(),
    async stop() {
      if (!recording) throw new Error('this desktop recording was stopped already')
      recording = false
      try {
        hook.stop()
      } finally {
        unlisten()
        active = false
        await frames.stop()
      }
      const out: LearnedEvent[] = []
      for (const e of events) {
        if (e.type !== 'click') {
          out.push(e)
          continue
        }
        const { frame: _frame, at: _at, png: encoded, ...click } = e
        out.push({ ...click, screenshot: (await encoded).toString('base64') })
      }
      if (ownDriver) await driver.close()
      return { screen: { width: info.width, height: info.height, scale: info.scale }, events: out }
    },
  }
}
