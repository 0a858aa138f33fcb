import type { FastifyReply, FastifyRequest } from 'fastify'
import { Pool } from 'undici'
import {
  INTERNAL_SECRET_HEADER, PRINCIPAL_AGENT_HEADER, PRINCIPAL_ID_HEADER, PRINCIPAL_ROLE_HEADER, REQUEST_ID_HEADER,
  UpstreamError, type HttpMethod, type UpstreamService,
} from '@rpa-vision/contracts'

/** Response headers worth passing back to the client; hop-by-hop and internal ones stay behind. */
const PASSED_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'etag', 'last-modified'] as const
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
const DOWN_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

export interface UpstreamOptions {
  name: UpstreamService
  origin: string
  internalSecret: string
  timeoutMs: number
}

/** The path a route pattern stands for, built from the validated params only (never the raw URL). */
export function upstreamPath(pattern: string, params: Record<string, string>, rawUrl: string): string {
  const path = pattern.replace(/:([A-Za-z0-9_]+)/g, (_, key: string) => encodeURIComponent(params[key] ?? ''))
  const q = rawUrl.indexOf('?')
  return q === -1 ? path : path + rawUrl.slice(q)
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string } }
  return e.code ?? e.cause?.code
}

/** An internal service reached over one keep-alive pool. */
export class Upstream {
  private readonly pool: Pool

  constructor(private readonly opts: UpstreamOptions) {
    this.pool = new Pool(opts.origin, { connections: 64, connectTimeout: Math.min(opts.timeoutMs, 5000) })
  }

  private toUpstreamError(err: unknown): UpstreamError {
    const code = errorCode(err)
    if (code && TIMEOUT_CODES.has(code)) return new UpstreamError(`the ${this.opts.name} service did not answer within ${this.opts.timeoutMs} ms`, 504)
    if (code && DOWN_CODES.has(code)) return new UpstreamError(`the ${this.opts.name} service is unavailable`, 503)
    return new UpstreamError(`the ${this.opts.name} service failed to answer (${code ?? 'connection error'})`, 502)
  }

  /** Sends the request on as the authenticated principal, and the answer back as it came (status, type, bytes). */
  async forward(req: FastifyRequest, reply: FastifyReply, pattern: string): Promise<FastifyReply> {
    const principal = req.principal
    const headers: Record<string, string> = {
      [INTERNAL_SECRET_HEADER]: this.opts.internalSecret,
      [PRINCIPAL_ID_HEADER]: principal.id,
      [PRINCIPAL_ROLE_HEADER]: principal.role,
      [REQUEST_ID_HEADER]: req.id,
    }
    if (principal.agentId) headers[PRINCIPAL_AGENT_HEADER] = principal.agentId
    if (req.headers.accept) headers.accept = req.headers.accept
    let body: string | undefined
    if (req.body !== undefined && req.body !== null) {
      body = JSON.stringify(req.body)
      headers['content-type'] = 'application/json'
    }
    const path = upstreamPath(pattern, req.params as Record<string, string>, req.url)
    let status: number
    let bytes: Buffer
    let upstreamHeaders: Record<string, string | string[] | undefined>
    try {
      const res = await this.pool.request({
        method: req.method as HttpMethod, path, headers, body, headersTimeout: this.opts.timeoutMs, bodyTimeout: this.opts.timeoutMs,
      })
      status = res.statusCode
      upstreamHeaders = res.headers
      bytes = Buffer.from(await res.body.arrayBuffer())
    } catch (err) {
      req.log.warn({ err, upstream: this.opts.name }, 'upstream request failed')
      throw this.toUpstreamError(err)
    }
    reply.code(status)
    for (const name of PASSED_HEADERS) {
      const value = upstreamHeaders[name]
      if (value !== undefined) reply.header(name, value)
    }
    // A Buffer goes out as is: no serializer can drop fields the service added.
    return reply.send(bytes)
  }

  /** Resolves when the service's /health answers 200 within timeoutMs. */
  async checkHealth(timeoutMs: number): Promise<void> {
    let res
    try {
      res = await this.pool.request({ method: 'GET', path: '/health', headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
    } catch (err) {
      throw this.toUpstreamError(err)
    }
    await res.body.dump()
    if (res.statusCode !== 200) throw new UpstreamError(`the ${this.opts.name} service answered /health with ${res.statusCode}`)
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
