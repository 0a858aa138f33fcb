import type { ReplayConfig } from '@rpa-vision/config'
import { createServer, dbPlugin, healthRoutes, redisPlugin, registerInternalAuth, type App } from '@rpa-vision/http'
import { replayPlugin } from './plugins/replay.js'
import { agentRoutes } from './routes/agent.js'
import { replayRoutes } from './routes/replays.js'

/** The replay service: sessions, plans, leases and results; reachable only through the gateway (shared internal secret). */
export async function buildApp(config: ReplayConfig): Promise<App> {
  // base64 inflates screenshots by 4/3; the gateway enforces the public 10 MB limit
  const app = createServer({ service: 'replay', log: config.log, bodyLimitBytes: 16 * 1024 * 1024 })
  registerInternalAuth(app, { secret: config.internalSecret, publicPaths: ['/health', '/ready'] })
  await app.register(dbPlugin, { url: config.databaseUrl, max: 20, migrate: true })
  await app.register(redisPlugin, { url: config.redisUrl })
  await app.register(replayPlugin, { config })
  await app.register(healthRoutes, {})
  await app.register(replayRoutes)
  await app.register(agentRoutes)
  return app
}
