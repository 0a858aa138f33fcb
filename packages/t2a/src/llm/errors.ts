import { AppError } from '@rpa-vision/contracts'

/** A failed model call; `retryable` says whether asking the same server again may help. */
export class LlmError extends AppError {
  constructor(
    statusCode: number,
    code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(statusCode, code, message)
  }
}

/** The server refused the request (a 4xx other than 429): the same request would be refused again. */
export class LlmRequestError extends LlmError {
  constructor(
    readonly status: number,
    /** what the server said, with the API key blanked out */
    readonly serverMessage: string,
    message: string,
  ) {
    super(502, 'LLM_REQUEST_REJECTED', message, false)
  }
}

/** The server could not be reached, failed (5xx), was rate-limiting (429) or answered something unreadable. */
export class LlmUnavailableError extends LlmError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(503, 'LLM_UNAVAILABLE', message, true)
  }
}

/** The call took longer than the client's per-call timeout. */
export class LlmTimeoutError extends LlmError {
  constructor(
    readonly timeoutMs: number,
    message: string,
  ) {
    super(504, 'LLM_TIMEOUT', message, true)
  }
}

/** An LLM_* environment variable is missing or malformed; the message names it. */
export class LlmConfigError extends LlmError {
  constructor(message: string) {
    super(500, 'LLM_CONFIG_INVALID', message, false)
  }
}

/** askModel gave up: every attempt, its raw output and why the last one failed travel with the error. */
export class LlmNoValidAnswerError extends LlmError {
  constructor(
    readonly attempts: number,
    readonly rawOutputs: string[],
    readonly latencies: number[],
    readonly lastReason: string,
    options?: { cause?: unknown },
  ) {
    super(502, 'LLM_NO_VALID_ANSWER', `no valid answer from the model after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${lastReason}`, false)
    if (options && 'cause' in options) this.cause = options.cause
  }
}
