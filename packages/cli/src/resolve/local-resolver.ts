import type { VisionResolveResult } from '@rpa-vision/contracts'
import type { ClosableDetector, OcrPool, ResolveRequest, TextReader } from '@rpa-vision/vision'

type Vision = typeof import('@rpa-vision/vision')

/**
 * The resolve chain in this process: OpenCV and the detector made once; the OCR pool (one worker) only when a case
 * first reads text. Start-up costs are not counted in any case's `ms`.
 */
export class LocalResolver {
  #ocr: Promise<OcrPool> | undefined
  /** time spent starting the OCR pool, taken out of the case that happened to need it first */
  #ocrStartMs = 0
  readonly #reader: TextReader = { recognize: async (image, options) => (await this.#startOcr()).recognize(image, options) }

  private constructor(
    private readonly vision: Vision,
    private readonly detector: ClosableDetector,
  ) {}

  static async open(opts: { uiDetrModel: string | undefined }): Promise<LocalResolver> {
    // Loaded here, not at the top: OpenCV, tesseract.js and onnxruntime cost seconds that no other command should pay.
    const vision = await import('@rpa-vision/vision')
    await vision.loadOpenCv()
    const detector = await vision.createDetector(opts.uiDetrModel ? { modelPath: opts.uiDetrModel } : {})
    return new LocalResolver(vision, detector)
  }

  #startOcr(): Promise<OcrPool> {
    this.#ocr ??= (async () => {
      const started = performance.now()
      const pool = new this.vision.OcrPool({ workers: 1 })
      await pool.init()
      this.#ocrStartMs += performance.now() - started
      return pool
    })()
    return this.#ocr
  }

  async resolve(req: ResolveRequest): Promise<{ result: VisionResolveResult; ms: number }> {
    const ocrStartBefore = this.#ocrStartMs
    const started = performance.now()
    const result = await this.vision.resolveAnchor(req, { ocr: this.#reader, detector: this.detector })
    return { result, ms: performance.now() - started - (this.#ocrStartMs - ocrStartBefore) }
  }

  async close(): Promise<void> {
    const ocr = await this.#ocr?.catch(() => undefined)
    await Promise.all([ocr?.close(), this.detector.close()])
  }
}
