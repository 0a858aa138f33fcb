import { chromium, type Browser, type Page } from 'playwright-core'
import type { MouseButton, ScreenDriver, ScreenInfo } from '../screen-driver.js'
import { keyChord } from './keys.js'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** The flags the project runs Chromium with (as test/helpers/screens.ts renders the test screens). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const

export interface BrowserLaunchOptions {
  /** the page to open (about:blank when absent) */
  url?: string
  /** CSS pixels (default 1280×800); screenshots are this × deviceScaleFactor */
  viewport?: { width: number; height: number }
  /** the display scaling to emulate (default 1) */
  deviceScaleFactor?: number
  /** default true */
  headless?: boolean
  /** default fr-FR */
  locale?: string
  /** default /usr/bin/chromium */
  executablePath?: string
}

/** Wheel pixels per notch of ScreenDriver.scroll. */
const WHEEL_NOTCH = 100

/**
 * A page of a real browser as the agent's screen: screenshots of the viewport in device pixels, and pointer
 * coordinates taken in those pixels (divided by the display scaling before they reach Playwright's CSS pixels).
 */
export class BrowserDriver implements ScreenDriver {
  readonly kind = 'browser' as const

  private constructor(
    /** the page, for demos and tests */
    readonly page: Page,
    private readonly scale: number,
    /** set when this driver launched the browser, and so closes it */
    private readonly browser: Browser | null,
  ) {}

  static async launch(opts: BrowserLaunchOptions = {}): Promise<BrowserDriver> {
    const headless = opts.headless ?? true
    const browser = await chromium.launch({
      executablePath: opts.executablePath ?? DEFAULT_CHROMIUM,
      headless,
      args: CHROMIUM_FLAGS.filter((f) => headless || f !== '--headless'),
    })
    try {
      const scale = opts.deviceScaleFactor ?? 1
      const context = await browser.newContext({
        viewport: opts.viewport ?? { width: 1280, height: 800 },
        deviceScaleFactor: scale,
        locale: opts.locale ?? 'fr-FR',
      })
      const page = await context.newPage()
      if (opts.url) await page.goto(opts.url)
      return new BrowserDriver(page, scale, browser)
    } catch (err) {
      await browser.close()
      throw err
    }
  }

  /** A page someone else opened (and closes: close() leaves it alone). */
  static async attach(page: Page): Promise<BrowserDriver> {
    const scale = await page.evaluate<number>('window.devicePixelRatio')
    return new BrowserDriver(page, scale, null)
  }

  async screenshot(): Promise<Buffer> {
    return this.page.screenshot({ type: 'png', scale: 'device' })
  }

  async info(): Promise<ScreenInfo> {
    const css = this.page.viewportSize() ?? (await this.page.evaluate<{ width: number; height: number }>('({ width: window.innerWidth, height: window.innerHeight })'))
    return { width: Math.round(css.width * this.scale), height: Math.round(css.height * this.scale), scale: this.scale }
  }

  async click(x: number, y: number, options: { button?: MouseButton; clicks?: number } = {}): Promise<void> {
    await this.page.mouse.click(x / this.scale, y / this.scale, { button: options.button ?? 'left', clickCount: options.clicks ?? 1 })
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text)
  }

  async hotkey(keys: string[]): Promise<void> {
    await this.page.keyboard.press(keyChord(keys))
  }

  async scroll(dx: number, dy: number, at?: { x: number; y: number }): Promise<void> {
    if (at) await this.page.mouse.move(at.x / this.scale, at.y / this.scale)
    await this.page.mouse.wheel(dx * WHEEL_NOTCH, dy * WHEEL_NOTCH)
  }

  async close(): Promise<void> {
    await this.browser?.close()
  }
}
