import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '@rpa-vision/agent'
import sharp from 'sharp'
import type { Rect } from '@rpa-vision/contracts'

/**
 * Rendered test screens with ground truth from the DOM: application-like pages of a French hospital record system
 * (test/screens/pages), captured by Debian's Chromium under display-scaling, window-size, scroll and theme variants.
 * Conventions (coordinates, visibility, target ids): test/screens/README.md.
 */

export const SCREEN_PAGES = ['patient-form', 'patient-list', 'toolbar', 'stay-summary'] as const
export type ScreenPage = (typeof SCREEN_PAGES)[number]

export interface Variant {
  /** display scaling (device pixels per CSS pixel) */
  scale: 1 | 1.25 | 1.5
  /** CSS pixels; default 1920/scale × 1080/scale, i.e. a 1920×1080 screen whose OS scaling changed */
  viewport?: { width: number; height: number }
  /** CSS pixels scrolled down before capture */
  scrollY?: number
  theme?: 'default' | 'alt'
  /** data-target ids to hide with visibility:hidden (the layout does not move) */
  hide?: string[]
}

export interface RenderedScreen {
  png: Buffer
  /** the PNG on disk (in the render cache), for tools that take a file */
  file: string
  width: number
  height: number
  /** data-target id → box in screenshot pixels, for targets fully inside the viewport and not hidden or covered */
  targets: Record<string, Rect>
  /** data-text-id id → innerText with whitespace collapsed, under the same visibility rule */
  texts: Record<string, string>
}

export type VariantName = 'scale100' | 'scale125' | 'scale150' | 'small' | 'scrolled' | 'alt'

/** The standard variants the vision tests and benches run every page through. */
export function variantsFor(): Record<VariantName, Variant> {
  return {
    scale100: { scale: 1 },
    scale125: { scale: 1.25 },
    scale150: { scale: 1.5 },
    small: { scale: 1, viewport: { width: 1280, height: 800 } },
    scrolled: { scale: 1, scrollY: 240 },
    alt: { scale: 1, theme: 'alt' },
  }
}

const SCREENS_DIR = fileURLToPath(new URL('../screens/', import.meta.url))
const CACHE_DIR = join(tmpdir(), 'rpa-vision-screens')
const FONTS = ['Liberation Sans', 'DejaVu Sans']
const FREEZE_CSS = '*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }'
const CHROMIUM_ARGS = [...CHROMIUM_FLAGS]

let browser: Promise<Browser> | undefined
const lanes = new Map<number, { page: Promise<Page>; idle: Promise<unknown> }>()

/** Runs `job` on the page kept for this display scale, one job at a time; different scales render in parallel. */
function inLane<T>(scale: number, job: (tab: Page) => Promise<T>): Promise<T> {
  browser ??= chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: CHROMIUM_ARGS })
  let lane = lanes.get(scale)
  if (!lane) {
    const page = browser.then((b) => b.newContext({ deviceScaleFactor: scale, locale: 'fr-FR' })).then((c) => c.newPage())
    lane = { page, idle: page }
    lanes.set(scale, lane)
  }
  const run = lane.idle.then(() => lane.page).then(job)
  lane.idle = run.catch(() => undefined)
  return run
}

/** Closes the shared browser (call it in the teardown of any test that rendered). */
export async function closeScreens(): Promise<void> {
  const b = browser
  browser = undefined
  lanes.clear()
  if (b) await (await b).close()
}

interface Truth {
  scrollY: number
  missingFonts: string[]
  targets: Record<string, Rect>
  texts: Record<string, string>
}

type Settled = Required<Omit<Variant, 'hide'>> & { hide: string[] }

function settle(v: Variant): Settled {
  return {
    scale: v.scale,
    viewport: v.viewport ?? { width: Math.round(1920 / v.scale), height: Math.round(1080 / v.scale) },
    scrollY: v.scrollY ?? 0,
    theme: v.theme ?? 'default',
    hide: [...(v.hide ?? [])].sort(),
  }
}

function capture(page: ScreenPage, v: Settled, measure: string): Promise<{ png: Buffer; truth: Truth }> {
  return inLane(v.scale, async (tab) => {
    await tab.setViewportSize(v.viewport)
    await tab.goto(pathToFileURL(join(SCREENS_DIR, 'pages', `${page}.html`)).href)
    await tab.addStyleTag({ content: FREEZE_CSS })
    const args = { theme: v.theme, hide: v.hide, scrollY: v.scrollY, fonts: FONTS }
    const truth = await tab.evaluate<Truth>(`(${measure})(${JSON.stringify(args)})`)
    if (truth.missingFonts.length > 0) {
      throw new Error(`fonts missing: ${truth.missingFonts.join(', ')} (apt-get install fonts-liberation fonts-dejavu-core)`)
    }
    if (truth.scrollY !== v.scrollY) throw new Error(`${page} scrolls only to ${truth.scrollY}, not ${v.scrollY}`)
    return { png: await tab.screenshot({ type: 'png', caret: 'hide', animations: 'disabled' }), truth }
  })
}

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(tmp, data)
  await rename(tmp, file)
}

/**
 * Renders one page in one variant, or reads it from the on-disk cache (keyed by the page, the shared CSS, this
 * renderer, the in-page measuring script and the variant). `fresh` renders again and replaces the cached copy.
 */
export async function renderScreen(page: ScreenPage, variant: Variant, opts: { fresh?: boolean } = {}): Promise<RenderedScreen> {
  const v = settle(variant)
  const sources = await Promise.all(
    [join('pages', `${page}.html`), join('pages', 'app.css'), 'measure.js'].map((f) => readFile(join(SCREENS_DIR, f), 'utf8')),
  )
  const measure = sources[2]!
  const hash = createHash('sha256')
  for (const s of [...sources, await readFile(fileURLToPath(import.meta.url), 'utf8'), JSON.stringify(v)]) hash.update(s).update('\0')
  const base = join(CACHE_DIR, hash.digest('hex').slice(0, 32))
  const file = `${base}.png`

  if (!opts.fresh) {
    const cached = await Promise.all([readFile(file), readFile(`${base}.json`, 'utf8')]).catch(() => undefined)
    if (cached) return { png: cached[0], file, ...(JSON.parse(cached[1]) as Omit<RenderedScreen, 'png' | 'file'>) }
  }
  const { png, truth } = await capture(page, v, measure)
  const { width, height } = await sharp(png).metadata()
  const meta = { width, height, targets: truth.targets, texts: truth.texts }
  await mkdir(CACHE_DIR, { recursive: true })
  await writeAtomically(file, png)
  await writeAtomically(`${base}.json`, JSON.stringify(meta))
  return { png, file, ...meta }
}

/** The target's box cut out of the screenshot (what an author would cut at recording time), `margin` pixels wider. */
export async function cropTarget(screen: RenderedScreen, id: string, margin = 0): Promise<Buffer> {
  const t = screen.targets[id]
  if (!t) throw new Error(`target ${id} is not visible on this screen`)
  const left = Math.max(0, t.x - margin)
  const top = Math.max(0, t.y - margin)
  const width = Math.min(screen.width, t.x + t.width + margin) - left
  const height = Math.min(screen.height, t.y + t.height + margin) - top
  return sharp(screen.png).extract({ left, top, width, height }).png().toBuffer()
}
