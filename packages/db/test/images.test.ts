import t from 'tap'
import { deleteExpiredImages, getImage, getImageInfo, openDb, prepareImage, putImage, schema, eq, storeInspectedImageOn } from '@rpa-vision/db'
import { createTestDatabase, makePng } from '../../../test/helpers/index.js'

const database = await createTestDatabase()
const { db, close } = openDb({ url: database.url })
t.teardown(async () => {
  await close()
  await database.drop()
})
const limits = { maxPixels: 10_000_000 }

t.test('put stores bytes once by content hash with their size; get returns them', async (t) => {
  const png = await makePng(64, 48, 3)
  const a = await putImage(db, png, limits)
  const b = await putImage(db, png, limits)
  t.same(a, b)
  t.match(a, { mime: 'image/png', width: 64, height: 48, byteSize: png.length, sha256: /^[0-9a-f]{64}$/ })
  const rows = await db.select().from(schema.images).where(eq(schema.images.sha256, a.sha256))
  t.equal(rows.length, 1)
  t.same((await getImage(db, a.sha256))!.bytes, png)
  t.equal(await getImage(db, 'f'.repeat(64)), undefined)
})

t.test('transient images expire unless stored permanently too', async (t) => {
  const shot = await putImage(db, await makePng(200, 100, 4), { ...limits, ttlMs: -1000 })
  const kept = await putImage(db, await makePng(200, 100, 5), { ...limits, ttlMs: -1000 })
  await putImage(db, await makePng(200, 100, 5), limits) // the same bytes, now as an anchor: permanent
  const fresh = await putImage(db, await makePng(200, 100, 6), { ...limits, ttlMs: 60_000 })
  t.ok((await deleteExpiredImages(db)) >= 1)
  t.equal(await getImageInfo(db, shot.sha256), undefined, 'expired screenshot removed')
  t.ok(await getImageInfo(db, kept.sha256), 'made permanent, kept')
  t.ok(await getImageInfo(db, fresh.sha256), 'not yet expired, kept')
})

t.test('the raw-connection store (hot path) keeps the same rules: once by hash, a permanent copy wins, expiry only grows', async (t) => {
  const { pool } = openDb({ url: database.url, max: 1 })
  t.teardown(() => pool.end())
  const transient = await prepareImage(await makePng(80, 60, 7), limits)
  const stored = await storeInspectedImageOn(pool, transient, 60_000)
  t.match(stored, { sha256: transient.sha256, width: 80, height: 60, mime: 'image/png' })
  const expiry = async () => (await db.select().from(schema.images).where(eq(schema.images.sha256, transient.sha256)))[0]!.expiresAt
  const first = (await expiry())!.getTime()
  await storeInspectedImageOn(pool, transient, 1000)
  t.equal((await expiry())!.getTime(), first, 'a shorter expiry does not shorten it')
  await storeInspectedImageOn(pool, transient, 120_000)
  t.ok((await expiry())!.getTime() > first, 'a later one extends it')
  await storeInspectedImageOn(pool, transient)
  t.equal(await expiry(), null, 'stored permanently: never expires')
  await storeInspectedImageOn(pool, transient, 1000)
  t.equal(await expiry(), null, 'and stays permanent')
  t.same((await getImage(db, transient.sha256))!.bytes, transient.bytes)
})
