import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the HTML pages that plugins register (docs, queue dashboard) set their own policy */
    helmet?: typeof UI_HELMET
  }
}

/** The API answers JSON only: no page of it may load anything or be framed. */
const API_HELMET: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
}

/**
 * The two HTML pages (swagger-ui at /docs, the queue dashboard): their scripts are files of their own ('self'),
 * but both style elements inline, hence 'unsafe-inline' for styles only, and only on those pages.
 */
export const UI_HELMET = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
}

/** Runs helmet once against a recording response: its headers are the same for every request of a kind. */
function headersOf(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()]
    },
  }
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => {})
  return headers
}

/** helmet's security headers, computed at start-up rather than by building helmet again on every request. */
export const securityHeadersPlugin = fp(
  async (app) => {
    const api = headersOf(API_HELMET)
    const ui = headersOf({ ...API_HELMET, ...UI_HELMET })
    app.addHook('onRequest', async (req, reply) => {
      reply.headers(req.routeOptions.config.helmet ? ui : api)
    })
  },
  { name: 'security-headers' },
)
