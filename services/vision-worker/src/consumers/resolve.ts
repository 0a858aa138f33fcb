import type { VisionResolvePayload, VisionResolveResult } from '@rpa-vision/contracts'
import type { Db } from '@rpa-vision/db'
import { resolveAnchor, type ElementDetector } from '@rpa-vision/vision'
import type { OcrCache } from '../ocr-cache.js'
import { loadImage } from './images.js'

export interface ResolveDeps {
  db: Db
  ocr: OcrCache
  detector: ElementDetector
}

/** vision.resolve: the resolve chain on the referenced screenshot, with the recording-time screen as context. */
export async function resolveJob(payload: VisionResolvePayload, deps: ResolveDeps, signal: AbortSignal): Promise<VisionResolveResult> {
  const { anchor } = payload
  const [screenshot, image, context] = await Promise.all([
    loadImage(deps.db, payload.screenshot_sha256, 'screenshot'),
    loadImage(deps.db, anchor.image_sha256, 'anchor image'),
    anchor.screenshot_sha256 ? loadImage(deps.db, anchor.screenshot_sha256, 'recording-time screenshot') : undefined,
  ])
  return resolveAnchor(
    {
      screenshot: screenshot.bytes,
      anchor: { image: image.bytes, bbox: anchor.bbox, screen: anchor.screen, target_text: anchor.target_text, context: context?.bytes },
      ...(payload.visual_mode ? { mode: payload.visual_mode } : {}),
      ...(payload.screen_scale ? { screenScale: payload.screen_scale } : {}),
    },
    { ocr: deps.ocr.reader, detector: deps.detector, signal },
  )
}
