import sharp from 'sharp'
import type { Rect } from '@rpa-vision/contracts'
import { prepareImage, storeInspectedImage, type DbOrTx, type InspectedImage } from '@rpa-vision/db'
import { cropAnchor } from './learn-anchor.js'
import { uniquenessOf, type Uniqueness } from './learn-ambiguity.js'
import type { LearnVision } from './learn-vision.js'

/** Grey levels of spread under which a picture is flat: normalised correlation has nothing to compare. */
const FLAT_STDEV = 2

async function isFlat(png: Buffer): Promise<boolean> {
  const { channels } = await sharp(png).stats()
  return channels.slice(0, 3).every((c) => c.stdev < FLAT_STDEV)
}

/**
 * The look-alike checks of one learning: each box is cut from its screenshot and stored as a transient image (a job
 * carries references, not bytes), then searched for on that screenshot by a vision worker. The same cut of the same
 * screenshot is searched once.
 */
export class OwnScreenChecks {
  private readonly done = new Map<string, Promise<Uniqueness>>()
  /** how many searches the workers were asked for: for the log */
  searches = 0

  constructor(
    private readonly db: DbOrTx,
    private readonly vision: LearnVision,
    private readonly opts: { maxPixels: number; ttlMs: number },
  ) {}

  check(shot: InspectedImage, box: Rect): Promise<Uniqueness> {
    const key = `${shot.sha256}:${box.x},${box.y},${box.width},${box.height}`
    let found = this.done.get(key)
    if (!found) {
      found = this.search(shot, box)
      this.done.set(key, found)
    }
    return found
  }

  private async search(shot: InspectedImage, box: Rect): Promise<Uniqueness> {
    const png = await cropAnchor(shot.bytes, box)
    if (await isFlat(png)) return { kind: 'featureless' }
    const cut = await prepareImage(png, { maxPixels: this.opts.maxPixels })
    await storeInspectedImage(this.db, cut, this.opts.ttlMs)
    this.searches++
    const res = await this.vision.matchesOnOwnScreen(shot.sha256, cut.sha256)
    return res ? uniquenessOf(res, box) : { kind: 'late' }
  }
}
