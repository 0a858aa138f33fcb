import type { Rect } from '@rpa-vision/contracts'

export type { Rect }

/** One 8-bit channel, row-major: what matching, detection and OCR pre-processing work on. */
export interface GrayImage {
  width: number
  height: number
  data: Uint8Array
}

/** A place on screen some method proposes for the target, with the evidence for it. */
export interface Candidate {
  bbox: Rect
  /** 0..1, comparable within one method */
  score: number
  method: 'template' | 'text' | 'detector'
  /** template scale (screen pixels per anchor pixel) */
  scale?: number
  /** why the chain did not take it, when it did not */
  rejected_because?: string
}

export interface OcrWord {
  text: string
  bbox: Rect
  confidence: number
}

export interface OcrResult {
  text: string
  words: OcrWord[]
}

export interface DetectedElement {
  bbox: Rect
  score: number
}

export interface ElementDetector {
  readonly name: string
  detect(image: Buffer): Promise<DetectedElement[]>
}
