import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '@rpa-vision/agent'
import type { DemoViewport } from './viewports.js'

/** Debian's Chromium with the flags that work headless on our machines: the reference agent's own. */
export const CHROMIUM_PATH = DEFAULT_CHROMIUM
export const CHROMIUM_ARGS = [...CHROMIUM_FLAGS]

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
