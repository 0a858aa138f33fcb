import type { VisionExtractTextPayload, VisionExtractTextResult } from '@rpa-vision/contracts'
import type { Db } from '@rpa-vision/db'
import type { OcrCache } from '../ocr-cache.js'
import { checkRegion, clipRegion, loadImage } from './images.js'

/** vision.extract_text: the words of the image, or of its region, in reading order (boxes in image pixels). */
export async function extractTextJob(
  payload: VisionExtractTextPayload,
  deps: { db: Db; ocr: OcrCache },
  signal: AbortSignal,
): Promise<VisionExtractTextResult> {
  const image = await loadImage(deps.db, payload.image_sha256, 'image')
  const region = payload.clip && payload.region ? clipRegion(payload.region, image, 'image') : payload.region
  checkRegion(region, image, 'image')
  return deps.ocr.read(image.sha256, image.bytes, region, signal)
}
