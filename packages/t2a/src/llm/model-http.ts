import { Pool } from 'undici'
import { LlmRequestError, LlmTimeoutError, LlmUnavailableError } from './errors.js'

export interface ModelHttpOptions {
  /** the API root; its path (e.g. /v1) prefixes every call */
  baseUrl: string
  apiKey?: string
  timeoutMs: number
  /** names the server in messages: "the ollama server at http://…" */
  label: string
}

export interface JsonCall {
  method: 'GET' | 'POST'
  /** below the base URL's path */
  path: string
  body?: unknown
  signal?: AbortSignal
}

const MAX_SERVER_MESSAGE = 300

/** The server's own words from an error body: Ollama's {error: "…"}, OpenAI's {error: {message}}, or the raw text. */
function serverMessageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown }
    const { error } = parsed
    if (typeof error === 'string') return error
    if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message
    if (typeof parsed.message === 'string') return parsed.message
  } catch {
    // not JSON: a proxy or a crashed server answered; the raw text is all there is
  }
  return text.trim() || 'empty response'
}

/** One keep-alive pool to one model server: JSON in and out, a per-call timeout, every failure as an LlmError. */
export class ModelHttp {
  private readonly pool: Pool
  private readonly basePath: string
  private readonly where: string

  constructor(private readonly opts: ModelHttpOptions) {
    const url = new URL(opts.baseUrl)
    this.pool = new Pool(url.origin)
    this.basePath = url.pathname.replace(/\/+$/, '')
    this.where = `the ${opts.label} server at ${url.origin}`
  }

  async call(c: JsonCall): Promise<{ json: unknown; latencyMs: number }> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs)
    const signal = c.signal ? AbortSignal.any([c.signal, timeout]) : timeout
    const headers: Record<string, string> = { accept: 'application/json' }
    if (c.body !== undefined) headers['content-type'] = 'application/json'
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`
    const what = `${c.method} ${this.basePath}${c.path}`
    const started = performance.now()
    let status: number
    let text: string
    try {
      const res = await this.pool.request({
        method: c.method,
        path: this.basePath + c.path,
        headers,
        body: c.body === undefined ? undefined : JSON.stringify(c.body),
        signal,
        // the abort signal owns the deadline; undici's own timers (300 s by default) must not cut in first
        headersTimeout: this.opts.timeoutMs + 1000,
        bodyTimeout: this.opts.timeoutMs + 1000,
      })
      status = res.statusCode
      text = await res.body.text()
    } catch (err) {
      if (c.signal?.aborted) throw c.signal.reason
      if (timeout.aborted) throw new LlmTimeoutError(this.opts.timeoutMs, `${this.where} did not answer ${what} within ${this.opts.timeoutMs} ms`)
      const code = (err as { code?: string }).code ?? (err as Error).message
      throw new LlmUnavailableError(`${this.where} could not be reached for ${what} (${code})`)
    }
    const latencyMs = performance.now() - started

    if (status >= 200 && status < 300) {
      try {
        return { json: JSON.parse(text), latencyMs }
      } catch {
        throw new LlmUnavailableError(`${this.where} answered ${what} with ${status} and a body that is not JSON`, status)
      }
    }
    const message = this.redact(serverMessageOf(text)).slice(0, MAX_SERVER_MESSAGE)
    const summary = `${this.where} answered ${status} to ${what}: ${message}`
    // 429 is a 4xx, but a rate limit passes: asking again later may succeed
    if (status >= 400 && status < 500 && status !== 429) throw new LlmRequestError(status, message, summary)
    throw new LlmUnavailableError(summary, status)
  }

  close(): Promise<void> {
    return this.pool.close()
  }

  /** Some servers quote the key they refused; it must never reach a log or a stored error. */
  private redact(message: string): string {
    const key = this.opts.apiKey
    return key ? message.split(key).join('[api key]') : message
  }
}
