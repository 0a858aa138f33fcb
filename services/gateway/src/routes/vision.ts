import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BadRequestError, QUEUED_ROUTES, type QueuedJob, type Rect, type VisionOcrBody, type VisionResolveBody,
} from '@rpa-vision/contracts'
import { decodeBase64Image, putImage, type StoredImage } from '@rpa-vision/db'
import { awaitVisionJob } from '../vision/await-job.js'

export interface VisionRouteOptions {
  imageMaxPixels: number
  screenshotTtlHours: number
  /** how long a request waits for a vision worker */
  timeoutMs: number
}

function checkRegion(region: Rect, image: StoredImage): void {
  if (region.x + region.width > image.width || region.y + region.height > image.height) {
    throw new BadRequestError(`body.region lies outside the ${image.width}×${image.height} image`, 'VALIDATION_ERROR')
  }
}

/**
 * The vision routes: the gateway stores the images (transient, like screenshots), runs the job on a vision
 * worker and answers with its result. An author tests an anchor here; agents never call these.
 */
export const visionRoutes: FastifyPluginAsyncTypebox<VisionRouteOptions> = async (app, opts) => {
  const ttlMs = opts.screenshotTtlHours * 3_600_000
  const store = (data: string, field: string) =>
    putImage(app.db, decodeBase64Image(data, field), { maxPixels: opts.imageMaxPixels, ttlMs, field })

  const answer: Record<QueuedJob, (body: unknown) => Promise<unknown>> = {
    'vision.resolve': async (body) => {
      const { screenshot, anchor, visual_mode, screen_scale } = body as VisionResolveBody
      const [screen, image, context] = await Promise.all([
        store(screenshot, 'screenshot'),
        store(anchor.image, 'anchor.image'),
        anchor.screenshot ? store(anchor.screenshot, 'anchor.screenshot') : undefined,
      ])
      const payload = {
        screenshot_sha256: screen.sha256,
        anchor: { image_sha256: image.sha256, bbox: anchor.bbox, screen: anchor.screen, target_text: anchor.target_text, screenshot_sha256: context?.sha256 },
        visual_mode,
        screen_scale,
      }
      return awaitVisionJob(app.jobs, 'vision.resolve', payload, opts.timeoutMs)
    },
    'vision.extract_text': async (body) => {
      const { image, region } = body as VisionOcrBody
      const stored = await store(image, 'image')
      if (region) checkRegion(region, stored)
      return awaitVisionJob(app.jobs, 'vision.extract_text', { image_sha256: stored.sha256, region }, opts.timeoutMs)
    },
  }

  for (const route of QUEUED_ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      config: { roles: route.roles },
      schema: { ...route.schema, summary: route.summary, tags: route.tags },
      handler: (req) => answer[route.job](req.body),
    })
  }
}
