import type { ChatModel, ChatRequest, ChatUsage } from './chat-model.js'
import { LlmError, LlmNoValidAnswerError } from './errors.js'

/** The caller's verdict on one raw answer: the parsed value, or why it is not acceptable. */
export type OutputCheck<T> = { ok: true; value: T } | { ok: false; error: string }

export interface AskOptions<T> {
  validate: (text: string) => OutputCheck<T>
  /** attempts in all, the first included */
  maxAttempts: number
  signal?: AbortSignal
  /** the pause before the 2nd attempt after a server error, doubled each time up to 2 s (default 250 ms) */
  backoffMs?: number
}

export interface ModelAnswer<T> {
  value: T
  attempts: number
  /** every answer the model gave, the valid one last; calls that failed on HTTP have none */
  rawOutputs: string[]
  /** one per attempt, failed ones included */
  latencies: number[]
  /** the model the server says answered */
  model: string
  usage?: ChatUsage
}

const MAX_BACKOFF_MS = 2000

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Asks until the answer passes `validate`, at most `maxAttempts` times. An invalid answer is asked again at once; a
 * retryable server error (5xx, 429, unreachable, timeout) after a short backoff; a refused request (4xx) not at all.
 * Gives up with LlmNoValidAnswerError; an aborted `signal` rejects with its reason at once.
 */
export async function askModel<T>(model: ChatModel, req: Omit<ChatRequest, 'signal'>, opts: AskOptions<T>): Promise<ModelAnswer<T>> {
  const { validate, maxAttempts, signal } = opts
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer ≥ 1, got ${maxAttempts}`)
  const backoffMs = opts.backoffMs ?? 250
  const rawOutputs: string[] = []
  const latencies: number[] = []
  let serverErrors = 0
  let lastReason = ''
  let lastError: unknown

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    signal?.throwIfAborted()
    const started = performance.now()
    try {
      const answer = await model.chat({ ...req, signal })
      latencies.push(answer.latencyMs)
      rawOutputs.push(answer.text)
      const check = validate(answer.text)
      if (check.ok) return { value: check.value, attempts: attempt, rawOutputs, latencies, model: answer.model, usage: answer.usage }
      lastReason = `invalid output: ${check.error}`
      lastError = undefined
    } catch (err) {
      if (signal?.aborted) throw signal.reason
      if (!(err instanceof LlmError)) throw err
      latencies.push(performance.now() - started)
      lastReason = err.message
      lastError = err
      if (!err.retryable) throw new LlmNoValidAnswerError(attempt, rawOutputs, latencies, lastReason, { cause: err })
      if (attempt < maxAttempts) await pause(Math.min(backoffMs * 2 ** serverErrors, MAX_BACKOFF_MS), signal)
      serverErrors++
    }
  }
  throw new LlmNoValidAnswerError(maxAttempts, rawOutputs, latencies, lastReason, lastError === undefined ? undefined : { cause: lastError })
}
