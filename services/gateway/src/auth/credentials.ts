import type { FastifyRequest } from 'fastify'

/** The session cookie a browser gets for the pages that cannot send a bearer header (/docs, /admin/queues). */
export const BROWSER_TOKEN_COOKIE = 'rpa_token'

export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization
  if (!header) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

export type CredentialSource = 'header' | 'query' | 'cookie'

export interface Credential {
  token: string
  source: CredentialSource
}

/** Where a route takes a token from besides the bearer header. */
export interface CredentialPlaces {
  query: boolean
  cookie: boolean
}

/** The bearer header always counts; `?token=` and the cookie only where the route allows them. */
export function findCredential(req: FastifyRequest, places: CredentialPlaces): Credential | undefined {
  const header = bearerToken(req)
  if (header) return { token: header, source: 'header' }
  if (places.query) {
    const query = (req.query as Record<string, unknown> | undefined)?.token
    if (typeof query === 'string' && query) return { token: query, source: 'query' }
  }
  if (places.cookie) {
    const cookie = req.cookies[BROWSER_TOKEN_COOKIE]
    if (cookie) return { token: cookie, source: 'cookie' }
  }
  return undefined
}
