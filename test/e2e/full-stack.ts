import { readLlmWorkerConfig, readVisionWorkerConfig } from '@rpa-vision/config'
import type { App } from '@rpa-vision/http'
import { startDemoHospital, type DemoHospital } from '@rpa-vision/demo-hospital'
import { BOOTSTRAP, startStack, type Stack } from '../../services/replay/test/harness.js'
import { buildApp as buildLlmWorker } from '../../services/llm-worker/src/app.js'
import { buildApp as buildVisionWorker } from '../../services/vision-worker/src/app.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

/**
 * The whole system the demo runs against, in this process on real ports: gateway, workflows and replay services,
 * the real vision worker (template matching, OCR) and the real LLM worker with the offline `rules` provider, one
 * fresh database and queue prefix; plus the demo hospital.
 */
export interface FullStack {
  stack: Stack
  token: string
  app: DemoHospital
  vision: App
  llm: App
}

export async function startFullStack(t: Teardown, opts: { slowMs?: number } = {}): Promise<FullStack> {
  const stack = await startStack(t)
  const env = stack.replayEnv()
  const common = { DATABASE_URL: env.DATABASE_URL, REDIS_URL: env.REDIS_URL, QUEUE_PREFIX: stack.prefix, LOG_LEVEL: 'silent', INTERNAL_SECRET: env.INTERNAL_SECRET }
  const vision = await buildVisionWorker(readVisionWorkerConfig({ ...common, VISION_PORT: '0' }))
  const llm = await buildLlmWorker(readLlmWorkerConfig({ ...common, LLM_PROVIDER: 'rules', LLM_WORKER_PORT: '0' }))
  await Promise.all([...vision.consumers.map((w) => w.waitUntilReady()), llm.consumer.waitUntilReady()])
  const app = await startDemoHospital({ slowMs: opts.slowMs ?? 0 })
  t.teardown(async () => {
    await app.close()
    await llm.close()
    await vision.close()
  })
  return { stack, token: BOOTSTRAP, app, vision, llm }
}
