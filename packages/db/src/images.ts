import { createHash } from 'node:crypto'
import { eq, lt, sql } from 'drizzle-orm'
import type pg from 'pg'
import sharp from 'sharp'
import { InvalidImageError } from '@rpa-vision/contracts'
import type { Db } from './client.js'
import { images } from './schema.js'

export interface StoredImage {
  sha256: string
  mime: 'image/png' | 'image/jpeg'
  width: number
  height: number
  byteSize: number
}

export interface PutImageOptions {
  maxPixels: number
  /** transient images (screenshots) expire; permanent ones (anchors) never do */
  ttlMs?: number
  /** names the field in error messages, e.g. "nodes[n1].anchor.image" */
  field?: string
}

const MIME: Record<string, StoredImage['mime']> = { png: 'image/png', jpeg: 'image/jpeg' }

export function decodeBase64Image(data: string, field = 'image'): Buffer {
  const body = data.startsWith('data:') ? data.slice(data.indexOf(',') + 1) : data
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(body)) throw new InvalidImageError(`${field} is not valid base64`)
  return Buffer.from(body, 'base64')
}

/** Reads the header only: a decompression bomb is refused before a single pixel is decoded. */
export async function inspectImage(bytes: Buffer, opts: { maxPixels: number; field?: string }): Promise<Omit<StoredImage, 'sha256'>> {
  const field = opts.field ?? 'image'
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    throw new InvalidImageError(`${field} is not a decodable PNG or JPEG image`)
  }
  const mime = meta.format ? MIME[meta.format] : undefined
  if (!mime) throw new InvalidImageError(`${field} must be PNG or JPEG, got ${meta.format ?? 'unknown'}`)
  const { width, height } = meta
  if (!width || !height) throw new InvalidImageError(`${field} has no dimensions`)
  if (width * height > opts.maxPixels) {
    throw new InvalidImageError(`${field} is ${width}×${height} pixels, over the limit of ${opts.maxPixels} pixels`)
  }
  try {
    // Decode fully: a truncated or corrupt body must be refused now, not when a worker reads it.
    await sharp(bytes, { limitInputPixels: opts.maxPixels, failOn: 'error' }).raw().toBuffer({ resolveWithObject: false })
  } catch {
    throw new InvalidImageError(`${field} is a corrupt or truncated ${mime} image`)
  }
  return { mime, width, height, byteSize: bytes.length }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** A database or a transaction: images are often stored in the same transaction as what references them. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0]

export interface InspectedImage extends Omit<StoredImage, 'sha256'> {
  sha256: string
  bytes: Buffer
}

/** Decodes and checks an image outside any transaction; store it later with storeInspectedImage. */
export async function prepareImage(bytes: Buffer, opts: { maxPixels: number; field?: string }): Promise<InspectedImage> {
  const info = await inspectImage(bytes, opts)
  return { ...info, sha256: sha256Hex(bytes), bytes }
}

/** Stores bytes once by content hash; storing a permanent copy of a transient image makes it permanent. */
export async function putImage(db: DbOrTx, bytes: Buffer, opts: PutImageOptions): Promise<StoredImage> {
  return storeInspectedImage(db, await prepareImage(bytes, opts), opts.ttlMs)
}

export async function storeInspectedImage(db: DbOrTx, img: InspectedImage, ttlMs?: number): Promise<StoredImage> {
  const { bytes, ...info } = img
  const expiresAt = ttlMs === undefined ? null : new Date(Date.now() + ttlMs)
  await db
    .insert(images)
    .values({ ...info, bytes, expiresAt })
    .onConflictDoUpdate({
      target: images.sha256,
      set: {
        expiresAt: expiresAt === null
          ? sql`NULL`
          : sql`CASE WHEN ${images.expiresAt} IS NULL THEN NULL ELSE GREATEST(${images.expiresAt}, ${expiresAt.toISOString()}::timestamptz) END`,
      },
    })
  return info
}

const UPSERT_IMAGE = `INSERT INTO images (sha256, mime, width, height, byte_size, bytes, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (sha256) DO UPDATE SET expires_at =
  CASE WHEN images.expires_at IS NULL OR EXCLUDED.expires_at IS NULL THEN NULL ELSE GREATEST(images.expires_at, EXCLUDED.expires_at) END`

/** storeInspectedImage as one prepared statement on a raw connection, for a hot path (a screenshot with every agent result). */
export async function storeInspectedImageOn(client: { query: pg.ClientBase['query'] }, img: InspectedImage, ttlMs?: number): Promise<StoredImage> {
  const { bytes, ...info } = img
  const expiresAt = ttlMs === undefined ? null : new Date(Date.now() + ttlMs)
  await client.query({ name: 'images_upsert', text: UPSERT_IMAGE, values: [info.sha256, info.mime, info.width, info.height, info.byteSize, bytes, expiresAt] })
  return info
}

export async function getImage(db: DbOrTx, sha256: string): Promise<(StoredImage & { bytes: Buffer }) | undefined> {
  const [row] = await db.select().from(images).where(eq(images.sha256, sha256)).limit(1)
  if (!row) return undefined
  return { sha256: row.sha256, mime: row.mime, width: row.width, height: row.height, byteSize: row.byteSize, bytes: row.bytes }
}

export async function getImageInfo(db: DbOrTx, sha256: string): Promise<StoredImage | undefined> {
  const [row] = await db
    .select({ sha256: images.sha256, mime: images.mime, width: images.width, height: images.height, byteSize: images.byteSize })
    .from(images)
    .where(eq(images.sha256, sha256))
    .limit(1)
  return row
}

/** Deletes expired transient images; an anchor that references an image has pinned it (no expiry), so none is lost. */
export async function deleteExpiredImages(db: DbOrTx, now = new Date()): Promise<number> {
  const res = await db.delete(images).where(lt(images.expiresAt, now)).returning({ sha256: images.sha256 })
  return res.length
}
