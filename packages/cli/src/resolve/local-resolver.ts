import type { VisionResolveResult } from '@rpa-vision/contracts'
import type { ClosableDetector, OcrPool, ResolveRequest } from '@rpa-vision/vision'

type Vision = typeof import('@rpa-vision/vision')

/**
 * The resolve chain in this process: OpenCV and the detector made once; the OCR pool (one worker) only when a
 * case has text to look for. Start-up costs are paid outside `resolve`, so its `ms` is the resolve alone.
 */
export class LocalResolver {
  private ocr: OcrPool | undefined

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

  async resolve(req: ResolveRequest): Promise<{ result: VisionResolveResult; ms: number }> {
    if (req.anchor.target_text?.trim() && req.mode !== 'template') {
      this.ocr ??= new this.vision.OcrPool({ workers: 1 })
      await this.ocr.init()
    }
    const started = performance.now()
    const result = await this.vision.resolveAnchor(req, { ocr: this.ocr, detector: this.detector })
    return { result, ms: performance.now() - started }
  }

  async close(): Promise<void> {
    await Promise.all([this.ocr?.close(), this.detector.close()])
  }
}
