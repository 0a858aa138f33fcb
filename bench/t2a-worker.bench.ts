import { readLlmWorkerConfig } from '@rpa-vision/config'
import { eq, openDb, schema } from '@rpa-vision/db'
import { createRedis, JobClient } from '@rpa-vision/queue'
import { startScriptedModelServer } from '@rpa-vision/t2a'
import { modelOutput } from '../packages/t2a/test/model-outputs.js'
import { RECORD_GHS } from '../packages/t2a/test/fixtures/t2a-examples.js'
import { buildApp } from '../services/llm-worker/src/app.js'
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix } from '../test/helpers/index.js'
import { percentile, round, type BenchResult } from './lib/measure.js'

const RUNS = 300
const WARMUP = 20

/**
 * The LLM worker's own cost around a model call: a llm.t2a_decision job (as a replay step enqueues it) through the
 * queue, the prompt, the model call (a scripted stand-in for a model answering at once over real HTTP, OpenAI
 * protocol), output validation, the quotation checks, the decision and its storage. The model call's own time, as
 * the worker measured it, is subtracted: what remains is what the worker adds.
 */
export default async function bench(): Promise<BenchResult> {
  const database = await createTestDatabase()
  const prefix = testQueuePrefix()
  const valid = JSON.stringify(modelOutput())
  const model = await startScriptedModelServer(() => ({ reply: valid }))
  const worker = await buildApp(readLlmWorkerConfig({
    DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn',
    LLM_PROVIDER: 'openai', LLM_BASE_URL: `${model.url}/v1`, LLM_MODEL: 'scripted', LLM_CONCURRENCY: '1',
  }))
  await worker.consumer.waitUntilReady()
  const connection = createRedis(TEST_REDIS_URL)
  const jobs = new JobClient({ connection, prefix }, () => createRedis(TEST_REDIS_URL))
  const { db, close } = openDb({ url: database.url, max: 2 })
  const total: number[] = []
  const modelCall: number[] = []
  try {
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const started = process.hrtime.bigint()
      const result = await jobs.run('llm.t2a_decision', { record_text: `${RECORD_GHS}\n(${i})` }, { timeoutMs: 30_000, attempts: 1 })
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6
      if (result.final_decision !== 'ghs') throw new Error(`unexpected decision ${result.final_decision}`)
      if (i < WARMUP) continue
      const [row] = await db.select({ latencies: schema.t2aDecisions.latenciesMs }).from(schema.t2aDecisions).where(eq(schema.t2aDecisions.id, result.id))
      const call = (row!.latencies as number[]).reduce((a, b) => a + b, 0)
      total.push(elapsed)
      modelCall.push(call)
    }
  } finally {
    await jobs.close()
    connection.disconnect()
    await worker.close()
    await model.close()
    await close()
    await database.drop()
  }
  const overhead = total.map((t, i) => t - modelCall[i]!)
  return {
    setup: `${RUNS} llm.t2a_decision jobs one after another (after ${WARMUP} warm-up), record of ${RECORD_GHS.length} characters, 3 quotations`,
    'job end to end p50 / p99 (ms)': `${round(percentile(total, 50))} / ${round(percentile(total, 99))}`,
    'model call (scripted, over HTTP) p50 / p99 (ms)': `${round(percentile(modelCall, 50))} / ${round(percentile(modelCall, 99))}`,
    'worker overhead around the call p50 / p99 (ms)': `${round(percentile(overhead, 50))} / ${round(percentile(overhead, 99))}`,
  }
}
