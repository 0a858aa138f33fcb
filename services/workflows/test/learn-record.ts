import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import type { LearnedTrace, Rect } from '@rpa-vision/contracts'
import { recordPage } from '@rpa-vision/agent'
import { sharedBrowser, type Script } from './learn-harness.js'

/** A form of three identical empty text areas (labels differ) and two identical « Ouvrir » buttons (names differ). */
export const OBSERVATION_PAGE = pathToFileURL(new URL('learn-pages/observation.html', import.meta.url).pathname).href

interface Teardown {
  teardown(fn: () => unknown): void
}

/** Records a script on a page (a URL, or HTML given inline) in a fresh context of this size and display scale. */
export async function recordOn(
  t: Teardown,
  page: { url: string } | { html: string },
  view: { width: number; height: number; scale: number },
  script: Script,
): Promise<{ trace: LearnedTrace; page: Page }> {
  const context = await (await sharedBrowser(t)).newContext({ viewport: { width: view.width, height: view.height }, deviceScaleFactor: view.scale, locale: 'fr-FR' })
  t.teardown(() => context.close())
  const p = await context.newPage()
  if ('url' in page) await p.goto(page.url)
  else await p.setContent(page.html)
  const rec = await recordPage(p, { deviceScaleFactor: view.scale })
  await script(p, {
    // each click waits for a capture of the settled page, as a user's pause would give it
    async click(selector: string) {
      await rec.settled()
      const box = (await p.locator(selector).boundingBox())!
      await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    },
    type: (text: string) => p.keyboard.type(text),
    press: (key: string) => p.keyboard.press(key),
  })
  return { trace: await rec.stop(), page: p }
}

/** The centre of a box, in its pixels. */
export function centreOf(r: Rect): { x: number; y: number } {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 }
}
