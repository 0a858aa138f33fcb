import sharp from 'sharp'
import type { VisionDetectPayload, VisionDetectResult } from '@rpa-vision/contracts'
import type { Db } from '@rpa-vision/db'
import type { ElementDetector } from '@rpa-vision/vision'
import { checkRegion, loadImage } from './images.js'

/** vision.detect: UI elements of the image, or of its region (boxes in the whole image's pixels). */
export async function detectJob(payload: VisionDetectPayload, deps: { db: Db; detector: ElementDetector }): Promise<VisionDetectResult> {
  const image = await loadImage(deps.db, payload.image_sha256, 'image')
  const { region } = payload
  checkRegion(region, image, 'image')
  const png = region
    ? await sharp(image.bytes).extract({ left: region.x, top: region.y, width: region.width, height: region.height }).png().toBuffer()
    : image.bytes
  const elements = await deps.detector.detect(png)
  const dx = region?.x ?? 0
  const dy = region?.y ?? 0
  return {
    detector: deps.detector.name,
    elements: elements.map((e) => ({ bbox: { ...e.bbox, x: e.bbox.x + dx, y: e.bbox.y + dy }, score: e.score })),
  }
}
