import t from 'tap'
import { sha256Hex } from '@rpa-vision/db'
import { createRedis } from '@rpa-vision/queue'
import { TEST_REDIS_URL, testQueuePrefix } from '../../../test/helpers/databases.js'
import { makePng } from '../../../test/helpers/images.js'
import { OcrCache } from '../src/ocr-cache.js'
import { counting } from './harness.js'

const prefix = testQueuePrefix()
const redis = createRedis(TEST_REDIS_URL)
t.teardown(async () => {
  const keys = await redis.keys(`${prefix}:*`)
  if (keys.length) await redis.del(...keys)
  redis.disconnect()
})

t.test('the resolve chain\'s reads are cached under each image\'s own hash, and shared with extract_text', async (t) => {
  const engine = counting({ recognize: async (image) => ({ text: `${image.length} bytes`, words: [] }), close: async () => {} })
  const cache = new OcrCache(redis, { prefix, ttlSeconds: 60 }, engine)
  const [screen, recorded] = [await makePng(64, 48, 1), await makePng(80, 60, 2)]
  t.equal((await cache.reader.recognize(screen)).text, `${screen.length} bytes`)
  t.equal((await cache.reader.recognize(recorded)).text, `${recorded.length} bytes`, 'the recording-time screen is not mistaken for the screenshot')
  t.equal(engine.calls, 2)
  t.same(await cache.read(sha256Hex(screen), screen, undefined), { text: `${screen.length} bytes`, words: [] })
  t.same(await cache.read(sha256Hex(recorded), recorded, undefined), { text: `${recorded.length} bytes`, words: [] })
  t.equal(engine.calls, 2, 'extract_text of either image reads nothing again')
  await cache.read(sha256Hex(screen), screen, { x: 0, y: 0, width: 10, height: 10 })
  t.equal(engine.calls, 3, 'a region is a reading of its own')
})
