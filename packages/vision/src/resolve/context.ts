import { cropGray } from '../image.js'
import { loadOpenCv } from '../opencv.js'
import { matFromGray, maxLocation, resized, withMats } from '../template/mats.js'
import type { GrayImage, Rect } from '../types.js'

/**
 * How far around the anchor the context reaches at most, in recorded pixels: the whole line, low, because what tells
 * look-alikes apart is usually on the same line (the row's patient, the field's label), however far along it.
 */
function contextMargin(bbox: Rect, screenWidth: number): { x: number; y: number } {
  return { x: screenWidth, y: Math.max(16, bbox.height) }
}

/** Context shorter than this on every side says too little to separate look-alikes. */
const MIN_USEFUL_MARGIN = 8

/**
 * Scores how well the surroundings recorded around the anchor match the surroundings of each candidate:
 * identical buttons in different rows differ in their neighbours (the patient's name, the row's date…).
 * Every candidate is compared on the same window, cut to what fits around all of them (a candidate at the
 * screen's edge must not lose for lack of pixels). Answers undefined when no useful window fits.
 */
export async function contextScores(
  recordedScreen: GrayImage,
  recordedBbox: Rect,
  current: GrayImage,
  candidates: { bbox: Rect; scale: number }[],
): Promise<number[] | undefined> {
  const { cv } = await loadOpenCv()
  const want = contextMargin(recordedBbox, recordedScreen.width)
  let left = Math.min(want.x, recordedBbox.x)
  let top = Math.min(want.y, recordedBbox.y)
  let right = Math.min(want.x, recordedScreen.width - recordedBbox.x - recordedBbox.width)
  let bottom = Math.min(want.y, recordedScreen.height - recordedBbox.y - recordedBbox.height)
  for (const { bbox, scale } of candidates) {
    left = Math.min(left, Math.floor(bbox.x / scale))
    top = Math.min(top, Math.floor(bbox.y / scale))
    right = Math.min(right, Math.floor((current.width - bbox.x - bbox.width) / scale))
    bottom = Math.min(bottom, Math.floor((current.height - bbox.y - bbox.height) / scale))
  }
  left = Math.max(0, left)
  top = Math.max(0, top)
  right = Math.max(0, right)
  bottom = Math.max(0, bottom)
  if (Math.max(left, right) < MIN_USEFUL_MARGIN && Math.max(top, bottom) < MIN_USEFUL_MARGIN) return undefined
  const ctx = cropGray(recordedScreen, {
    x: recordedBbox.x - left,
    y: recordedBbox.y - top,
    width: recordedBbox.width + left + right,
    height: recordedBbox.height + top + bottom,
  })
  return withMats((track) => {
    const ctxMat = track(matFromGray(cv, ctx))
    return candidates.map(({ bbox, scale }) => {
      const tw = Math.round(ctx.width * scale)
      const th = Math.round(ctx.height * scale)
      const slack = 3
      const x = Math.max(0, Math.round(bbox.x - left * scale) - slack)
      const y = Math.max(0, Math.round(bbox.y - top * scale) - slack)
      const area = { x, y, width: Math.min(current.width - x, tw + 2 * slack), height: Math.min(current.height - y, th + 2 * slack) }
      if (area.width < tw || area.height < th) return 0
      return withMats((inner) => {
        const roi = inner(matFromGray(cv, cropGray(current, area)))
        const t = inner(resized(cv, ctxMat, tw, th))
        const res = inner(new cv.Mat())
        cv.matchTemplate(roi, t, res, cv.TM_CCOEFF_NORMED)
        return Math.max(0, Math.min(1, maxLocation(cv, res).maxVal))
      })
    })
  })
}
