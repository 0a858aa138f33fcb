import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  INTERNAL_SECRET_HEADER, PRINCIPAL_AGENT_HEADER, PRINCIPAL_ID_HEADER, PRINCIPAL_ROLE_HEADER, ROLES,
  UnauthorizedError, type Principal,
} from '@rpa-vision/contracts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal
  }
}

/** Compares secrets in constant time, whatever their lengths. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb)
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/**
 * Internal services trust only the gateway: every request must carry the shared internal secret,
 * and the principal the gateway authenticated comes in headers.
 */
export function registerInternalAuth(app: FastifyInstance, opts: { secret: string; publicPaths?: string[] }): void {
  const open = new Set(opts.publicPaths ?? ['/health'])
  app.decorateRequest('principal', null as unknown as Principal)
  app.addHook('onRequest', async (req) => {
    if (open.has(req.url.split('?')[0]!)) return
    const given = header(req, INTERNAL_SECRET_HEADER)
    if (!given || !secretsEqual(given, opts.secret)) throw new UnauthorizedError('internal service: calls must come through the gateway')
    const role = header(req, PRINCIPAL_ROLE_HEADER) as Principal['role'] | undefined
    req.principal = {
      id: header(req, PRINCIPAL_ID_HEADER) ?? 'internal',
      role: role && (ROLES as readonly string[]).includes(role) ? role : 'admin',
      agentId: header(req, PRINCIPAL_AGENT_HEADER) ?? null,
    }
  })
}
