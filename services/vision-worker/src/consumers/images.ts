import { UnrecoverableError } from 'bullmq'
import type { Rect } from '@rpa-vision/contracts'
import { getImage, type Db, type StoredImage } from '@rpa-vision/db'

/** An image a job refers to; a missing one fails the job for good (a retry would not bring it back). */
export async function loadImage(db: Db, sha256: string, what: string): Promise<StoredImage & { bytes: Buffer }> {
  const image = await getImage(db, sha256)
  if (!image) throw new UnrecoverableError(`the ${what} ${sha256} is not in the image store (never stored, or expired)`)
  return image
}

/** The part of a region inside the image; a region wholly outside it is refused. */
export function clipRegion(region: Rect, image: StoredImage, what: string): Rect {
  const x = Math.max(0, region.x)
  const y = Math.max(0, region.y)
  const x2 = Math.min(image.width, region.x + region.width)
  const y2 = Math.min(image.height, region.y + region.height)
  if (x2 <= x || y2 <= y) {
    throw new UnrecoverableError(`region ${region.width}×${region.height} at (${region.x}, ${region.y}) lies outside the ${image.width}×${image.height} ${what}`)
  }
  return { x, y, width: x2 - x, height: y2 - y }
}

export function checkRegion(region: Rect | undefined, image: StoredImage, what: string): void {
  if (!region) return
  if (region.x + region.width > image.width || region.y + region.height > image.height) {
    throw new UnrecoverableError(
      `region ${region.width}×${region.height} at (${region.x}, ${region.y}) lies outside the ${image.width}×${image.height} ${what}`,
    )
  }
}
