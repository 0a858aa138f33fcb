import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { bearerToken } from '../auth/credentials.js'
import { hashToken } from '../auth/secrets.js'

/**
 * Per token when one is presented (several agents may share one NAT address), per address otherwise.
 * One hook for every request, unknown routes and bad tokens included, running before authentication
 * (the plugin's own per-route hooks would run after it and let token guessing through).
 * The store is in memory: one gateway process. The 429 becomes the RATE_LIMITED envelope in the error handler.
 */
export const rateLimitPlugin = fp<{ max: number; windowMs: number }>(
  async (app, opts) => {
    await app.register(rateLimit, {
      global: false,
      max: opts.max,
      timeWindow: opts.windowMs,
      // liveness probes are never limited
      allowList: (req) => req.routeOptions.config.public === true,
      keyGenerator: (req) => {
        const token = bearerToken(req)
        return token ? `token:${hashToken(token)}` : `ip:${req.ip}`
      },
    })
    app.addHook('onRequest', app.rateLimit())
  },
  { name: 'rate-limit' },
)
