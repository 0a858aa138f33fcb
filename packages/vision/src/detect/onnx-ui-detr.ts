import { InferenceSession, Tensor } from 'onnxruntime-node'
import type { DetectedElement, ElementDetector } from '../types.js'
import { toInputTensor, toScreenRect, type ResizeMode } from './letterbox.js'
import { detrSignature, type DetrSignature } from './onnx-signature.js'

export interface OnnxUiDetectorOptions {
  /** square input side R, a multiple of 32; taken from the model when its input is static, else 640 */
  inputSize?: number
  /** least sigmoid score kept (default 0.35) */
  threshold?: number
  /** how the screenshot becomes R×R (default letterbox) */
  resize?: ResizeMode
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v))
}

function inputSizeFor(sig: DetrSignature, asked: number | undefined, modelPath: string): number {
  if (sig.staticSize !== undefined) {
    if (asked !== undefined && asked !== sig.staticSize) throw new Error(`${modelPath} takes ${sig.staticSize}×${sig.staticSize} input, not ${asked}`)
    return sig.staticSize
  }
  const size = asked ?? 640
  if (!Number.isInteger(size) || size <= 0 || size % 32 !== 0) throw new Error(`UI-DETR input size must be a positive multiple of 32, got ${size}`)
  return size
}

/**
 * UI-DETR-1 (or any DETR-style class-agnostic export) run with onnxruntime-node on the CPU: screenshot → R×R RGB,
 * ImageNet-normalised NCHW tensor → boxes (cx,cy,w,h in 0..1) and logits → sigmoid (the highest class when C > 1)
 * → kept at ≥ threshold → screen pixels, best first. DETR predicts a set, so there is no NMS.
 */
export class OnnxUiDetector implements ElementDetector {
  readonly name = 'ui-detr'

  private constructor(
    private readonly session: InferenceSession,
    private readonly sig: DetrSignature,
    readonly inputSize: number,
    private readonly threshold: number,
    private readonly resize: ResizeMode,
  ) {}

  static async load(modelPath: string, opts: OnnxUiDetectorOptions = {}): Promise<OnnxUiDetector> {
    const session = await InferenceSession.create(modelPath)
    try {
      const sig = detrSignature(session, modelPath)
      const size = inputSizeFor(sig, opts.inputSize, modelPath)
      return new OnnxUiDetector(session, sig, size, opts.threshold ?? 0.35, opts.resize ?? 'letterbox')
    } catch (err) {
      await session.release()
      throw err
    }
  }

  async detect(image: Buffer): Promise<DetectedElement[]> {
    const R = this.inputSize
    const { data, frame } = await toInputTensor(image, R, this.resize)
    const out = await this.session.run({ [this.sig.input]: new Tensor('float32', data, [1, 3, R, R]) }, [this.sig.boxes, this.sig.logits])
    const boxes = out[this.sig.boxes]
    const logits = out[this.sig.logits]
    const n = boxes.dims[1]
    if (boxes.dims.length !== 3 || boxes.dims[2] !== 4 || logits.dims.length !== 3 || logits.dims[1] !== n) {
      throw new Error(`UI-DETR outputs ${this.sig.boxes}[${boxes.dims.join(',')}] and ${this.sig.logits}[${logits.dims.join(',')}] are not [1,N,4] and [1,N,C]`)
    }
    const b = boxes.data as Float32Array
    const l = logits.data as Float32Array
    const classes = logits.dims[2]
    const found: DetectedElement[] = []
    for (let i = 0; i < n; i++) {
      let best = -Infinity
      for (let c = 0; c < classes; c++) best = Math.max(best, l[i * classes + c])
      const score = sigmoid(best)
      if (score < this.threshold) continue
      const bbox = toScreenRect(b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3], frame)
      if (bbox) found.push({ bbox, score })
    }
    return found.sort((p, q) => q.score - p.score)
  }

  /** Releases the ONNX session; the detector is unusable afterwards. */
  async close(): Promise<void> {
    await this.session.release()
  }
}
