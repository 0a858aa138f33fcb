import { BadRequestError, type NodeInput } from '@rpa-vision/contracts'
import { decodeBase64Image, prepareImage, schema, sql, inArray, type DbOrTx, type InspectedImage } from '@rpa-vision/db'

/** Image references of one anchor once its images are decoded (or named by hash). */
export interface AnchorImages {
  imageSha256: string
  screenshotSha256: string | null
}

export interface PreparedImages {
  /** new images to store, by hash */
  fresh: Map<string, InspectedImage>
  /** hashes the request names without sending bytes: they must already be stored */
  referenced: Map<string, string>
  byNode: Map<string, AnchorImages>
}

/** Decodes and checks every image a graph carries, before any transaction is opened. */
export async function prepareAnchorImages(nodes: NodeInput[], maxPixels: number): Promise<PreparedImages> {
  const out: PreparedImages = { fresh: new Map(), referenced: new Map(), byNode: new Map() }
  const take = async (data: string | undefined, sha: string | undefined, field: string): Promise<string | null> => {
    if (data !== undefined) {
      const img = await prepareImage(decodeBase64Image(data, field), { maxPixels, field })
      out.fresh.set(img.sha256, img)
      return img.sha256
    }
    if (sha !== undefined) {
      if (!out.fresh.has(sha)) out.referenced.set(sha, `${field}_sha256`)
      return sha
    }
    return null
  }
  for (const node of nodes) {
    const a = node.anchor
    if (!a) continue
    const field = `node "${node.id}" anchor`
    const imageSha256 = (await take(a.image, a.image_sha256, `${field}.image`))!
    const screenshotSha256 = await take(a.screenshot, a.screenshot_sha256, `${field}.screenshot`)
    out.byNode.set(node.id, { imageSha256, screenshotSha256 })
  }
  return out
}

/** Inside the transaction: store new images and pin referenced ones (a referenced screenshot stops expiring). */
export async function storeAnchorImages(tx: DbOrTx, prepared: PreparedImages): Promise<void> {
  const { images } = schema
  if (prepared.fresh.size) {
    await tx
      .insert(images)
      .values([...prepared.fresh.values()].map(({ sha256, mime, width, height, byteSize, bytes }) => ({ sha256, mime, width, height, byteSize, bytes })))
      .onConflictDoUpdate({ target: images.sha256, set: { expiresAt: sql`NULL` } })
  }
  const refs = [...prepared.referenced.keys()]
  if (refs.length) {
    const pinned = await tx
      .update(images)
      .set({ expiresAt: null })
      .where(inArray(images.sha256, refs))
      .returning({ sha256: images.sha256 })
    const found = new Set(pinned.map((p) => p.sha256))
    const missing = refs.find((r) => !found.has(r))
    if (missing) throw new BadRequestError(`${prepared.referenced.get(missing)} names an image that is not stored (${missing})`, 'UNKNOWN_IMAGE')
  }
}
