import websocket from '@fastify/websocket'
import type { GatewayConfig } from '@rpa-vision/config'
import { createServer, dbPlugin, type App } from '@rpa-vision/http'
import { Authenticator } from './auth/authenticator.js'
import { gatewayLoggerOptions } from './logging.js'
import { authPlugin } from './plugins/auth.js'
import { bullBoardPlugin } from './plugins/bull-board.js'
import { corsPlugin } from './plugins/cors.js'
import { metricsPlugin } from './plugins/metrics.js'
import { docsUiPlugin, openapiPlugin } from './plugins/openapi.js'
import { proxyPlugin } from './plugins/proxy.js'
import { rateLimitPlugin } from './plugins/rate-limit.js'
import { redisPlugin } from './plugins/redis.js'
import { securityHeadersPlugin } from './plugins/security-headers.js'
import { eventRoutes } from './routes/events.js'
import { healthRoutes } from './routes/health.js'
import { publicRoutes } from './routes/public.js'
import { tokenRoutes } from './routes/tokens.js'
import { visionRoutes } from './routes/vision.js'

/** The only public entry: authentication, headers, limits and docs here; the work in the internal services and workers. */
export async function buildApp(config: GatewayConfig): Promise<App> {
  const app = createServer(
    { service: 'gateway', log: config.log, bodyLimitBytes: config.bodyLimitBytes, trustProxy: config.trustProxy },
    { logger: gatewayLoggerOptions(config.log) },
  )
  // First: a refused upgrade (429, 401, 403) gets its socket closed only once @fastify/websocket's onRequest hook has run.
  await app.register(websocket, {
    // Clients only listen: anything they send is ignored, so nothing large is accepted.
    options: { maxPayload: 4096 },
    // 1001 tells a client the gateway is going away (a restart), worth reconnecting, not that its stream failed.
    preClose: async () => {
      for (const client of app.websocketServer.clients) client.close(1001, 'the gateway is shutting down')
    },
  })
  // Order matters: headers, CORS preflights and the rate limit come before authentication.
  await app.register(openapiPlugin)
  await app.register(securityHeadersPlugin)
  await app.register(corsPlugin, { origins: config.corsOrigins })
  await app.register(rateLimitPlugin, { max: config.rateLimitMax, windowMs: config.rateLimitWindowMs })
  await app.register(dbPlugin, { url: config.databaseUrl })
  await app.register(redisPlugin, { url: config.redisUrl, prefix: config.queuePrefix })
  await app.register(proxyPlugin, { services: config.services, internalSecret: config.internalSecret, timeoutMs: config.upstreamTimeoutMs })
  await app.register(authPlugin, { authenticator: new Authenticator(app.db, config.apiToken, Date.now, config.tokenCacheMs) })
  await app.register(metricsPlugin)
  await app.register(docsUiPlugin)
  await app.register(bullBoardPlugin)
  await app.register(healthRoutes)
  await app.register(tokenRoutes)
  await app.register(publicRoutes)
  await app.register(eventRoutes, { queuePrefix: config.queuePrefix })
  await app.register(visionRoutes, {
    imageMaxPixels: config.imageMaxPixels, screenshotTtlHours: config.screenshotTtlHours, timeoutMs: config.visionTimeoutMs,
  })
  return app
}
