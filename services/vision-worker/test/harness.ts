import { readVisionWorkerConfig, type Env, type VisionWorkerConfig } from '@rpa-vision/config'
import type { App } from '@rpa-vision/http'
import type { OcrResult, RecognizeOptions } from '@rpa-vision/vision'
import { openDb, type Db } from '@rpa-vision/db'
import { JobClient, createRedis } from '@rpa-vision/queue'
import type { Redis } from 'ioredis'
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../../../test/helpers/databases.js'
import { buildApp } from '../src/app.js'
import { openEngines, type Engines, type OcrEngine } from '../src/engines.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface QueueFixture {
  database: TestDatabase
  prefix: string
  db: Db
  client: JobClient
  /** a plain Redis connection on the test's server */
  connection: Redis
}

/** A fresh database, a queue prefix of its own and a client that enqueues and awaits; all removed at teardown. */
export async function queueFixture(t: Teardown): Promise<QueueFixture> {
  const database = await createTestDatabase()
  const prefix = testQueuePrefix()
  const connection = createRedis(TEST_REDIS_URL)
  const client = new JobClient({ connection, prefix }, () => createRedis(TEST_REDIS_URL))
  const { db, close } = openDb({ url: database.url, max: 2 })
  t.teardown(async () => {
    await client.close()
    const keys = await connection.keys(`${prefix}:*`)
    if (keys.length) await connection.del(...keys)
    connection.disconnect()
    await close()
    await database.drop()
  })
  return { database, prefix, db, client, connection }
}

export function workerConfig(database: TestDatabase, prefix: string, env: Env = {}): VisionWorkerConfig {
  return readVisionWorkerConfig({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', ...env })
}

/** An OCR engine that counts the pages it reads. */
export interface CountingOcr extends OcrEngine {
  readonly calls: number
}

export function counting(engine: OcrEngine): CountingOcr {
  let calls = 0
  return {
    get calls() {
      return calls
    },
    recognize(image: Buffer, options?: RecognizeOptions): Promise<OcrResult> {
      calls++
      return engine.recognize(image, options)
    },
    close: () => engine.close(),
  }
}

/** The vision worker in this process, on the real engines (OCR counted) unless others are given; closed at teardown. */
export async function startWorker(t: Teardown, config: VisionWorkerConfig, engines?: Engines): Promise<{ app: App; ocr: CountingOcr }> {
  const real = engines ?? (await openEngines({ ocrWorkers: 1, uiDetrModel: undefined }))
  const ocr = counting(real.ocr)
  const app = await buildApp(config, { engines: { ...real, ocr } })
  await Promise.all(app.consumers.map((w) => w.waitUntilReady()))
  t.teardown(() => app.close())
  return { app, ocr }
}
