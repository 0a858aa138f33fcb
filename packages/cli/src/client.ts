import { request, type Dispatcher } from 'undici'
import { CliError } from './command.js'

/** An API failure as the gateway described it, or as close to its envelope as the response allows. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message)
  }
}

export type Query = Record<string, string | number | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
}

export interface Client {
  readonly baseUrl: string
  request<T>(method: Dispatcher.HttpMethod, path: string, opts?: RequestOptions): Promise<T>
}

export interface ClientOptions {
  url: string
  /** checked on the first request, so that a wrong command line is reported before a missing token */
  token: string | undefined
  timeoutMs?: number
}

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v))
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

function envelopeOf(status: number, text: string): ApiError {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
    const { code, message } = parsed.error ?? {}
    if (typeof code === 'string' && typeof message === 'string') return new ApiError(status, code, message)
  } catch {
    // not JSON: a proxy or a crashed upstream answered; fall through to the raw text
  }
  const snippet = text.trim().slice(0, 200) || 'empty response'
  return new ApiError(status, `HTTP_${status}`, snippet)
}

/** The one HTTP helper: bearer auth, JSON in and out, every failure as an ApiError. */
export function createClient(opts: ClientOptions): Client {
  const timeout = opts.timeoutMs ?? 60_000
  return {
    baseUrl: opts.url,
    async request<T>(method: Dispatcher.HttpMethod, path: string, ro: RequestOptions = {}): Promise<T> {
      if (!opts.token) {
        throw new CliError('NO_TOKEN', 'RPA_TOKEN is not set: export RPA_TOKEN=<token> (the RPA_API_TOKEN that pnpm start printed, or one made with "rpa tokens create")')
      }
      const url = `${opts.url}${withQuery(path, ro.query)}`
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, accept: 'application/json' }
      if (ro.body !== undefined) headers['content-type'] = 'application/json'
      let res: Dispatcher.ResponseData
      try {
        res = await request(url, {
          method,
          headers,
          body: ro.body === undefined ? undefined : JSON.stringify(ro.body),
          headersTimeout: timeout,
          bodyTimeout: timeout,
        })
      } catch (err) {
        const why = (err as { code?: string }).code ?? (err as Error).message
        throw new ApiError(0, 'UNREACHABLE', `cannot reach the gateway at ${opts.url} (${why}); is it running (pnpm start)? Set RPA_URL to change the address`)
      }
      const text = await res.body.text()
      if (res.statusCode < 200 || res.statusCode >= 300) throw envelopeOf(res.statusCode, text)
      if (!text) return undefined as T
      try {
        return JSON.parse(text) as T
      } catch {
        throw new ApiError(res.statusCode, 'BAD_RESPONSE', `${method} ${path} answered ${res.statusCode} with a body that is not JSON`)
      }
    },
  }
}
