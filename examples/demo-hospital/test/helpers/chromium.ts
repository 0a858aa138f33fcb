import type { Browser, Page } from 'playwright-core'
import tap, { type Test } from 'tap'
import { launchChromium, openPage } from '../../src/browser.js'
import type { DemoViewport } from '../../src/index.js'

let browser: Promise<Browser> | undefined

/** A fresh page (own context) at this viewport, closed when `t` ends; one Chromium per test file, closed at its end. */
export async function pageAt(t: Test, viewport: DemoViewport): Promise<Page> {
  if (!browser) {
    const launched = launchChromium()
    browser = launched
    tap.teardown(async () => (await launched).close())
  }
  const page = await openPage(await browser, viewport)
  t.teardown(() => page.context().close().catch(() => undefined))
  return page
}
