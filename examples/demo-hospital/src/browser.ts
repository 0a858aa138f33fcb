import { chromium, type Browser, type Page } from 'playwright-core'
import type { DemoViewport } from './viewports.js'

/** Debian's Chromium with the flags that work headless on our machines (as test/helpers/screens.ts). */
export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** A new page in its own context with this window size and display scale, French locale. */
export async function openPage(browser: Browser, viewport: DemoViewport): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    deviceScaleFactor: viewport.deviceScaleFactor,
    locale: 'fr-FR',
  })
  return context.newPage()
}
