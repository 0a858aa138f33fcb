import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'

/** A box in CSS px, viewport coordinates. */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export interface Measure {
  boxes: Record<string, Box>
  /** texts set in a font under 15 px */
  small: string[]
  scroll: { x: number; y: number; width: number; height: number }
  /** whether Liberation Sans is available */
  fonts: boolean
  /** the body's computed font-family */
  family: string
}

// Plain JS run in the page (it needs the DOM's types, which the project's TypeScript setup leaves out).
const source = (name: string) => readFile(new URL(`./in-page/${name}.js`, import.meta.url), 'utf8')
const run = async <T>(page: Page, name: string): Promise<T> => page.evaluate<T>(`(${await source(name)})()`)

/** The data-targets shown on the page with their boxes, small text, scroll state and fonts. */
export const measure = (page: Page) => run<Measure>(page, 'measure')

/** The record page's observation, line by line as rendered. */
export const observationLines = (page: Page) => run<string>(page, 'observation-lines')
