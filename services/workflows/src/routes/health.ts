import type { App } from '@rpa-vision/http'
import { pingDb } from '@rpa-vision/db'

export async function healthRoutes(app: App): Promise<void> {
  app.get('/health', async () => ({ status: 'ok' }))
  app.get('/ready', async (_req, reply) => {
    try {
      await pingDb(app.db)
      return { status: 'ready', checks: { postgres: 'ok' } }
    } catch {
      return reply.status(503).send({ error: { code: 'NOT_READY', message: 'postgres is unreachable' } })
    }
  })
}
