import { request } from 'undici'
import type { NextBody, NextResponse, ResultBody, ResultResponse } from '@rpa-vision/contracts'
import { AgentAborted } from './sleep.js'

/** How one call to the replay endpoints ended: an answer (2xx), a refusal (4xx/5xx with the envelope), or no answer. */
export type ApiAnswer<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; code: string; message: string; retryAfterMs?: number }

export interface ReplayApi {
  next(body: NextBody, signal?: AbortSignal): Promise<ApiAnswer<NextResponse>>
  result(body: ResultBody, signal?: AbortSignal): Promise<ApiAnswer<ResultResponse>>
}

export interface ReplayApiOptions {
  baseUrl: string
  token: string
  /** per request (default 30 s): /replay/next answers at once, so a silent server is a network fault */
  timeoutMs?: number
}

/** No answer at all (refused, reset, timed out): status 0. */
export const NO_ANSWER = 0

/** Worth trying again later: no answer, the server failing or overloaded. 409 on next is a race on the session lock. */
export function isTransient(answer: ApiAnswer<unknown>, call: 'next' | 'result'): boolean {
  if (answer.ok) return false
  return answer.status === NO_ANSWER || answer.status >= 500 || answer.status === 429 || (call === 'next' && answer.status === 409)
}

function retryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

function refusal(status: number, text: string, retryAfterMs: number | undefined): ApiAnswer<never> {
  let code = `HTTP_${status}`
  let message = text.trim().slice(0, 300) || 'empty response'
  try {
    const envelope = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
    if (typeof envelope.error?.code === 'string') code = envelope.error.code
    if (typeof envelope.error?.message === 'string') message = envelope.error.message
  } catch {
    // not the API's envelope (a proxy answered): the raw text says what it can
  }
  return { ok: false, status, code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }
}

export function createReplayApi(opts: ReplayApiOptions): ReplayApi {
  const base = opts.baseUrl.replace(/\/+$/, '')
  const timeout = opts.timeoutMs ?? 30_000

  async function post<T>(path: string, body: unknown, signal: AbortSignal | undefined): Promise<ApiAnswer<T>> {
    if (signal?.aborted) throw new AgentAborted()
    try {
      const res = await request(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        ...(signal ? { signal } : {}),
      })
      const text = await res.body.text()
      if (res.statusCode < 200 || res.statusCode >= 300) return refusal(res.statusCode, text, retryAfter(res.headers['retry-after']))
      try {
        return { ok: true, status: res.statusCode, body: JSON.parse(text) as T }
      } catch {
        return { ok: false, status: res.statusCode, code: 'BAD_RESPONSE', message: `${path} answered ${res.statusCode} with a body that is not JSON` }
      }
    } catch (err) {
      if (signal?.aborted) throw new AgentAborted()
      const code = (err as { code?: string }).code ?? 'NETWORK'
      return { ok: false, status: NO_ANSWER, code, message: `no answer from ${base}${path}: ${(err as Error).message}` }
    }
  }

  return {
    next: (body, signal) => post<NextResponse>('/api/v1/replay/next', body, signal),
    result: (body, signal) => post<ResultResponse>('/api/v1/replay/result', body, signal),
  }
}
