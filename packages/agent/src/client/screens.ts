import type { ScreenDriver } from '../screen-driver.js'

export interface CapturedScreen {
  /** base64 PNG */
  screenshot: string
  /** the display scaling it was taken at, when it is one the API takes (0 < scale ≤ 8) */
  screen_scale?: number
}

/** The screen as the protocol sends it: the PNG in base64 and the display scaling it was taken at. */
export async function captureScreen(driver: ScreenDriver): Promise<CapturedScreen> {
  const [png, info] = await Promise.all([driver.screenshot(), driver.info()])
  const scale = info.scale > 0 && info.scale <= 8 ? info.scale : undefined
  return { screenshot: png.toString('base64'), ...(scale !== undefined ? { screen_scale: scale } : {}) }
}
