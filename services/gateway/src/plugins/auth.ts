import cookie from '@fastify/cookie'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ForbiddenError, UnauthorizedError, type Principal, type Role } from '@rpa-vision/contracts'
import type { Authenticator } from '../auth/authenticator.js'
import { BROWSER_TOKEN_COOKIE, findCredential } from '../auth/credentials.js'

declare module 'fastify' {
  interface FastifyInstance {
    authenticator: Authenticator
  }
  interface FastifyContextConfig {
    /** no token needed: only GET /health */
    public?: boolean
    /** who may call the route; admin and author when not given */
    roles?: readonly Role[]
    /** an HTML page a browser opens: `?token=` logs in once and sets an HttpOnly cookie scoped to this path */
    browserPage?: string
    /** a WebSocket a browser opens: `?token=` counts as the bearer token; never the cookie, which any site's page could ride */
    queryToken?: boolean
  }
}

const DEFAULT_ROLES: readonly Role[] = ['admin', 'author']

function urlWithoutToken(req: FastifyRequest): string {
  const url = new URL(req.url, 'http://gateway.invalid')
  url.searchParams.delete('token')
  return url.pathname + url.search
}

/** Every route needs a bearer token unless it says `public`; the role check follows the route's `roles`. */
export const authPlugin = fp<{ authenticator: Authenticator }>(
  async (app, opts) => {
    await app.register(cookie)
    app.decorate('authenticator', opts.authenticator)
    app.decorateRequest('principal', null as unknown as Principal)
    app.addHook('onRequest', async (req, reply) => {
      const config = req.routeOptions.config
      if (config.public) return
      const browserPage = config.browserPage !== undefined
      const credential = findCredential(req, { query: browserPage || config.queryToken === true, cookie: browserPage })
      if (!credential) throw new UnauthorizedError()
      const principal = await opts.authenticator.verify(credential.token)
      if (!principal) throw new UnauthorizedError('the bearer token is invalid or revoked')
      req.principal = principal
      if (req.is404) return
      const roles = config.roles ?? DEFAULT_ROLES
      if (!roles.includes(principal.role)) {
        throw new ForbiddenError(`${req.method} ${req.routeOptions.url} needs the ${roles.join(' or ')} role; this token is ${principal.role}`)
      }
      if (credential.source === 'query' && browserPage) {
        // Swap the token in the address bar (history, referrers) for a cookie the page's scripts cannot read.
        reply.setCookie(BROWSER_TOKEN_COOKIE, credential.token, {
          path: config.browserPage, httpOnly: true, sameSite: 'strict', secure: 'auto',
        })
        return reply.redirect(urlWithoutToken(req), 303)
      }
    })
  },
  { name: 'auth' },
)
