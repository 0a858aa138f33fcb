import type { Redis } from 'ioredis'
import type { Rect } from '@rpa-vision/contracts'
import { sha256Hex } from '@rpa-vision/db'
import type { OcrResult, TextReader } from '@rpa-vision/vision'
import type { OcrEngine } from './engines.js'

/**
 * OCR results by (image hash, region) in Redis, for a while: an agent's screenshot is read by several jobs (the
 * resolve chain's text search, extract_text steps), and OCR is the slow part.
 */
export class OcrCache {
  constructor(
    private readonly redis: Redis,
    private readonly opts: { prefix: string; ttlSeconds: number },
    private readonly engine: OcrEngine,
  ) {}

  private key(sha256: string, region?: Rect): string {
    const area = region ? `${region.x},${region.y},${region.width}x${region.height}` : 'full'
    return `${this.opts.prefix}:ocr:${sha256}:${area}`
  }

  async read(sha256: string, image: Buffer, region: Rect | undefined, signal?: AbortSignal): Promise<OcrResult> {
    const key = this.key(sha256, region)
    const cached = await this.redis.get(key)
    if (cached) return JSON.parse(cached) as OcrResult
    const result = await this.engine.recognize(image, { ...(region ? { region } : {}), ...(signal ? { signal } : {}) })
    await this.redis.set(key, JSON.stringify(result), 'EX', this.opts.ttlSeconds)
    return result
  }

  /**
   * The resolve chain's reader: it reads whole images (the screenshot, the recording-time screen), each cached under
   * its own content hash, the image store's key, as extract_text without a region is.
   */
  readonly reader: TextReader = {
    recognize: (image, options) => this.read(sha256Hex(image), image, undefined, options?.signal),
  }
}
