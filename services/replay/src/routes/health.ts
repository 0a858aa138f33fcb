import type { App } from '@rpa-vision/http'
import { pingDb } from '@rpa-vision/db'
import { pingRedis } from '@rpa-vision/queue'

export async function healthRoutes(app: App): Promise<void> {
  app.get('/health', async () => ({ status: 'ok' }))
  app.get('/ready', async (_req, reply) => {
    const checks: Record<string, string> = {}
    await pingDb(app.db).then(() => (checks.postgres = 'ok'), (e: Error) => (checks.postgres = `error: ${e.message}`))
    await pingRedis(app.redis).then(() => (checks.redis = 'ok'), (e: Error) => (checks.redis = `error: ${e.message}`))
    const ready = Object.values(checks).every((c) => c === 'ok')
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks })
  })
}
