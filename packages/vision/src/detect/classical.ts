import { cropGray, decodeGray } from '../image.js'
import type { DetectedElement, ElementDetector, GrayImage, Rect } from '../types.js'
import { blobCandidates, frameCandidates, inkPieces, withoutOutlines } from './candidates.js'
import { edgeStrength } from './edges.js'
import { joinLines } from './lines.js'
import { arrange } from './nesting.js'
import { gapsBetween, runsAtLeast } from './runs.js'

export interface ClassicalOptions {
  /**
   * grey-level step between neighbours that makes ink (default 16: light borders such as #e5e7eb on white, a step of
   * 24, count); flat insides are bounded at half of it, so that a faint or anti-aliased border still closes its box
   */
  edgeThreshold?: number
  /** smallest element side in pixels; below are punctuation, glyph holes, separators */
  minSide?: number
}

/**
 * UIED-style element detection with no model: edges; flat regions enclosed by rectangular outlines (frames); connected
 * ink that is not a frame's outline, words joined into lines (blobs: text, icons, grids); then the nesting rules of
 * `arrange`.
 */
export class ClassicalDetector implements ElementDetector {
  readonly name = 'classical'
  private readonly edgeThreshold: number
  private readonly minSide: number

  constructor(opts: ClassicalOptions = {}) {
    this.edgeThreshold = opts.edgeThreshold ?? 16
    this.minSide = opts.minSide ?? 8
  }

  async detect(png: Buffer): Promise<DetectedElement[]> {
    return this.detectGray(await decodeGray(png))
  }

  /** Elements of the image, or of `region` of it (boxes still in image coordinates), best first. */
  detectGray(img: GrayImage, region?: Rect): DetectedElement[] {
    const ox = region ? Math.max(0, Math.min(img.width, region.x)) : 0
    const oy = region ? Math.max(0, Math.min(img.height, region.y)) : 0
    const src = region ? cropGray(img, region) : img
    if (src.width === 0 || src.height === 0) return []
    const strength = edgeStrength(src)
    const ink = runsAtLeast(strength, src.width, src.height, this.edgeThreshold)
    const o = { width: src.width, height: src.height, minSide: this.minSide }
    const walls = runsAtLeast(strength, src.width, src.height, this.edgeThreshold / 2)
    const frames = frameCandidates(strength, gapsBetween(walls), o)
    const blobs = blobCandidates(joinLines(withoutOutlines(inkPieces(strength, ink), frames)), o)
    return arrange(frames, blobs).map((c) => ({
      bbox: { x: c.rect.x + ox, y: c.rect.y + oy, width: c.rect.width, height: c.rect.height },
      score: c.score,
    }))
  }

  /** Holds nothing to release; present so that both detectors share one lifecycle. */
  async close(): Promise<void> {}
}
