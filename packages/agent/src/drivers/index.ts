import type { ScreenDriver } from '../screen-driver.js'
import { BrowserDriver, type BrowserLaunchOptions } from './browser.js'

export type DriverKind = 'browser' | 'desktop'

/** What each driver is made from; the desktop driver's module defines its own. */
export interface DriverOptions {
  browser: BrowserLaunchOptions
  desktop: Record<string, unknown>
}

export class DriverUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DriverUnavailableError'
  }
}

/** The module a desktop driver lives in; it exports `createDesktopDriver(options): Promise<ScreenDriver>`. */
const DESKTOP_MODULE = './desktop.js'

async function createDesktopDriver(opts: Record<string, unknown>): Promise<ScreenDriver> {
  let mod: { createDesktopDriver?: (options: Record<string, unknown>) => Promise<ScreenDriver> }
  try {
    // a variable specifier: the module is optional, and typechecking must not require it
    mod = await import(DESKTOP_MODULE)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('desktop')) {
      throw new DriverUnavailableError('the desktop driver is not available in this build yet (packages/agent/src/drivers/desktop.ts); use --driver browser')
    }
    throw err
  }
  if (typeof mod.createDesktopDriver !== 'function') {
    throw new DriverUnavailableError('packages/agent/src/drivers/desktop.ts does not export createDesktopDriver(options)')
  }
  return mod.createDesktopDriver(opts)
}

/** A screen driver by kind, for the CLI and demos. */
export async function createDriver<K extends DriverKind>(kind: K, opts: DriverOptions[K]): Promise<ScreenDriver> {
  if (kind === 'browser') return BrowserDriver.launch(opts as BrowserLaunchOptions)
  if (kind === 'desktop') return createDesktopDriver(opts as Record<string, unknown>)
  throw new DriverUnavailableError(`unknown driver "${String(kind)}" (browser or desktop)`)
}
