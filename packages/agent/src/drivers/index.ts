import type { ScreenDriver } from '../screen-driver.js'
import { BrowserDriver, type BrowserLaunchOptions } from './browser.js'
import type { DesktopDriverOptions } from './desktop.js'

export type DriverKind = 'browser' | 'desktop'

export interface DriverOptions {
  browser: BrowserLaunchOptions
  desktop: DesktopDriverOptions
}

export class DriverUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DriverUnavailableError'
  }
}

/** A screen driver by kind, for the CLI and demos; the desktop one (nut-js, native) is loaded only when asked for. */
export async function createDriver<K extends DriverKind>(kind: K, opts: DriverOptions[K]): Promise<ScreenDriver> {
  if (kind === 'browser') return BrowserDriver.launch(opts as BrowserLaunchOptions)
  if (kind === 'desktop') {
    const { createDesktopDriver } = await import('./desktop.js')
    return createDesktopDriver(opts as DesktopDriverOptions)
  }
  throw new DriverUnavailableError(`unknown driver "${String(kind)}" (browser or desktop)`)
}
