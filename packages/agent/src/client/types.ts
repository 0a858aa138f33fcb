import type { ScreenDriver } from '../screen-driver.js'
import type { BackoffOptions } from './backoff.js'
import type { AgentLogCallback, PinoLikeLogger } from './logger.js'

export interface AgentOptions {
  /** the gateway, e.g. http://127.0.0.1:8080 */
  baseUrl: string
  /** a bearer token allowed to replay this session (an agent token of `agentId`, or an author/admin one) */
  token: string
  sessionId: string
  agentId: string
  driver: ScreenDriver
  /** where the per-session state file lives (created if missing) */
  stateDir: string
  /** stops the agent between two steps; an action under way is finished and written down first */
  signal?: AbortSignal
  log?: PinoLikeLogger | AgentLogCallback
  /** one call per action performed or answered from disk; a throwing callback is logged, not fatal */
  onEvent?: (event: AgentActionEvent) => void
  /** pause between an action and the screenshot sent with its result, for the screen to redraw (default 150 ms) */
  settleMs?: number
  /** retries of unanswered or failing requests (default 200 ms doubling to 5 s, with jitter) */
  backoff?: BackoffOptions
  /**
   * While the server resolves an anchor, a poll carries a fresh screenshot (the target may have appeared since), but
   * not more often than this (default 1000 ms): screenshots are heavy.
   */
  resolveScreenshotIntervalMs?: number
  /** per HTTP request (default 30 s) */
  requestTimeoutMs?: number
}

/** One delivered action, performed now or answered from the state file, after its result went to the server. */
export interface AgentActionEvent {
  seq: number
  step_id: string
  /** click, type, hotkey, scroll, wait */
  type: string
  /** how the server found the target, for anchored actions */
  resolution: { method: string; score: number } | null
  started_at: string
  /** time spent performing it (0 when it was not performed again) */
  ms: number
  status: 'ok' | 'failed'
  error?: string
  /** already performed (found in the state file): only its result was sent again */
  duplicate: boolean
  /** the process died while performing it: counted as performed, never done twice */
  interrupted?: true
  /** what the server said of the result: recorded now, already had it, or refused it */
  reported: 'recorded' | 'duplicate' | 'refused'
}

/** How runAgent ended: the session finished, the signal stopped it, or it could not go on. */
export type AgentOutcome =
  | { status: 'succeeded' | 'failed' | 'cancelled'; reason: string | null }
  | { status: 'aborted'; reason: string }
  | { status: 'error'; reason: string; code: string; http_status?: number }
