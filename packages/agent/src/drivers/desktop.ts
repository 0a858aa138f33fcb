import type { MouseButton, ScreenDriver, ScreenInfo } from '../screen-driver.js'
import { nutKeyName } from './desktop-keys.js'
import { loadNut, type Nut } from './desktop-nut.js'
import { frameToPng, type RawFrame } from './desktop-png.js'
import { X11Typist } from './desktop-x11-typist.js'

export { DesktopUnavailableError } from './desktop-nut.js'
export type { RawFrame } from './desktop-png.js'

export interface DesktopDriverOptions {
  /** nut-js's pause before each mouse and keyboard action, in ms (default 0: nut-js's own defaults are 100 and 300) */
  autoDelayMs?: number
}

/** A grab of the whole screen, with the device pixels per logical pixel it was taken at. */
export interface DesktopFrame extends RawFrame {
  scaleX: number
  scaleY: number
}

/**
 * The real screen through nut-js (libnut): XTEST on Linux/X11, SendInput on Windows, Quartz events on macOS.
 * Coordinates are screenshot pixels; nut-js moves the mouse in logical pixels, so they are divided by the scale
 * measured on the last grab (1 on X11 and on Windows without DPI virtualisation; 2 on a Retina Mac).
 */
export class DesktopDriver implements ScreenDriver {
  readonly kind = 'desktop' as const
  private scale: { x: number; y: number } | undefined
  private typist: Promise<X11Typist> | undefined

  constructor(
    private readonly nut: Nut,
    options: DesktopDriverOptions = {},
  ) {
    const delay = options.autoDelayMs ?? 0
    nut.mouse.config.autoDelayMs = delay
    nut.keyboard.config.autoDelayMs = delay
  }

  /** The whole screen, raw (BGRA), as fast as the platform gives it; `screenshot()` is this encoded as PNG. */
  async grab(): Promise<DesktopFrame> {
    const img = await this.nut.screen.grab()
    this.scale = { x: img.pixelDensity.scaleX || 1, y: img.pixelDensity.scaleY || 1 }
    return {
      width: img.width,
      height: img.height,
      data: img.data,
      channels: img.channels,
      byteWidth: img.byteWidth,
      colorMode: img.colorMode,
      scaleX: this.scale.x,
      scaleY: this.scale.y,
    }
  }

  async screenshot(): Promise<Buffer> {
    return frameToPng(await this.grab())
  }

  async info(): Promise<ScreenInfo> {
    const scale = await this.currentScale()
    const [w, h] = await Promise.all([this.nut.screen.width(), this.nut.screen.height()])
    return { width: Math.round(w * scale.x), height: Math.round(h * scale.y), scale: scale.x }
  }

  async click(x: number, y: number, options: { button?: MouseButton; clicks?: number } = {}): Promise<void> {
    const { mouse, Button } = this.nut
    const button = { left: Button.LEFT, right: Button.RIGHT, middle: Button.MIDDLE }[options.button ?? 'left']
    if (button === undefined) throw new Error(`unknown mouse button ${JSON.stringify(options.button)}`)
    await this.moveTo(x, y)
    const clicks = Math.max(1, Math.floor(options.clicks ?? 1))
    for (let i = 0; i < clicks; i++) await mouse.click(button)
  }

  /** On X11 through XTEST directly (see X11Typist: libnut mistypes there); elsewhere nut-js, which types Unicode. */
  async type(text: string): Promise<void> {
    if (text.length === 0) return
    if (process.platform !== 'linux') {
      await this.nut.keyboard.type(text)
      return
    }
    this.typist ??= X11Typist.open().catch((e: unknown) => {
      this.typist = undefined
      throw new Error(`cannot type on the X display ${process.env.DISPLAY}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    })
    await (await this.typist).type(text)
  }

  async hotkey(keys: string[]): Promise<void> {
    if (keys.length === 0) return
    const { keyboard, Key } = this.nut
    const codes = keys.map((k) => Key[nutKeyName(k)])
    await keyboard.pressKey(...codes)
    await keyboard.releaseKey(...codes)
  }

  async scroll(dx: number, dy: number, at?: { x: number; y: number }): Promise<void> {
    const { mouse } = this.nut
    if (at) await this.moveTo(at.x, at.y)
    const sy = Math.round(dy)
    // libnut's X11 backend sends button 7 (right) for a negative x and 6 (left) for a positive one, the opposite of
    // its Windows and macOS backends and of nut-js's scrollLeft/scrollRight: turned round here.
    const sx = process.platform === 'linux' ? -Math.round(dx) : Math.round(dx)
    if (sy > 0) await mouse.scrollDown(sy)
    else if (sy < 0) await mouse.scrollUp(-sy)
    if (sx > 0) await mouse.scrollRight(sx)
    else if (sx < 0) await mouse.scrollLeft(-sx)
  }

  async close(): Promise<void> {
    // nut-js holds no per-driver resource (its X connection lives as long as the process); the typist has one.
    const typist = this.typist
    this.typist = undefined
    if (typist) await (await typist.catch(() => undefined))?.close()
  }

  private async moveTo(x: number, y: number): Promise<void> {
    const scale = await this.currentScale()
    await this.nut.mouse.setPosition(new this.nut.Point(Math.round(x / scale.x), Math.round(y / scale.y)))
  }

  private async currentScale(): Promise<{ x: number; y: number }> {
    if (!this.scale) await this.grab()
    return this.scale!
  }
}

/** A driver for the real screen; throws DesktopUnavailableError (with the reason) where nut-js cannot run. */
export async function createDesktopDriver(options: DesktopDriverOptions = {}): Promise<DesktopDriver> {
  return new DesktopDriver(await loadNut(), options)
}
