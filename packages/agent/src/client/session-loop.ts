import type { DeliveredAction, NextBody, NextResponse, ResultBody } from '@rpa-vision/contracts'
import { createBackoff, type Backoff } from './backoff.js'
import type { AgentLogger } from './logger.js'
import { describeAction, performAction } from './perform.js'
import { isTransient, NO_ANSWER, type ApiAnswer, type ReplayApi } from './replay-api.js'
import { captureScreen, type CapturedScreen } from './screens.js'
import { sleep, throwIfAborted } from './sleep.js'
import type { ActionOutcome, SessionStateStore, StoredAction } from './state-store.js'
import type { AgentActionEvent, AgentOptions, AgentOutcome } from './types.js'

const DEFAULT_RETRY_AFTER_MS = 250
/** a server asking for longer than this is waited on in several polls */
const MAX_BUSY_WAIT_MS = 30_000
/** a Retry-After header is honoured up to this */
const MAX_RETRY_AFTER_MS = 60_000

type Reported = AgentActionEvent['reported']

function outcomeOf(stored: StoredAction): ActionOutcome {
  return stored.status === 'failed' ? { status: 'failed', error: stored.error ?? 'failed before the agent restarted' } : { status: 'ok' }
}

function finished(res: NextResponse): AgentOutcome {
  const status = res.status === 'succeeded' || res.status === 'failed' || res.status === 'cancelled' ? res.status : 'failed'
  return { status, reason: res.reason ?? null }
}

/** One session driven to its end, following the agent protocol of API.md. */
export class SessionLoop {
  private readonly backoff: Backoff
  /** failed screenshots slow polling down on their own, since every successful poll resets `backoff` */
  private readonly screenBackoff: Backoff
  private readonly signal: AbortSignal | undefined
  private lastScreenshotAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly opts: AgentOptions,
    private readonly api: ReplayApi,
    private readonly store: SessionStateStore,
    private readonly log: AgentLogger,
  ) {
    this.backoff = createBackoff(opts.backoff)
    this.screenBackoff = createBackoff(opts.backoff)
    this.signal = opts.signal
  }

  async run(): Promise<AgentOutcome> {
    let withScreenshot = true
    for (;;) {
      throwIfAborted(this.signal)
      const body: NextBody = { session_id: this.opts.sessionId, agent_id: this.opts.agentId }
      if (withScreenshot) Object.assign(body, await this.screen('poll'))
      const answer = await this.api.next(body, this.signal)
      if (!answer.ok) {
        if (isTransient(answer, 'next')) {
          await this.retryLater(answer, 'poll')
          continue
        }
        const reason = `the replay service refused the poll: ${answer.status} ${answer.code}: ${answer.message}`
        this.log('error', reason, { status: answer.status, code: answer.code })
        return { status: 'error', reason, code: answer.code, http_status: answer.status }
      }
      this.backoff.reset()
      const res = answer.body
      if (res.done) {
        this.log('info', `replay ${res.status ?? 'finished'}${res.reason ? `: ${res.reason}` : ''}`, { status: res.status })
        return finished(res)
      }
      const action = res.action
      if (action?.type === 'screenshot') {
        this.log('debug', `screenshot asked for ${action.step_id}: ${action.reason ?? ''}`, { step_id: action.step_id })
        withScreenshot = true
        continue
      }
      if (action && action.seq !== null) {
        await this.handle(action as DeliveredAction & { seq: number })
        withScreenshot = false
        continue
      }
      const pending = res.waiting_for === 'result' ? this.store.unreported() : undefined
      if (pending) {
        await this.resend(pending)
        withScreenshot = false
        continue
      }
      await sleep(Math.min(Math.max(res.retry_after_ms ?? DEFAULT_RETRY_AFTER_MS, 0), MAX_BUSY_WAIT_MS), this.signal)
      const interval = this.opts.resolveScreenshotIntervalMs ?? 1000
      withScreenshot = res.waiting_for === 'resolve' && Date.now() - this.lastScreenshotAt >= interval
    }
  }

  /** A delivered action: performed once, or, when the state file says it already was, only its result sent again. */
  private async handle(action: DeliveredAction & { seq: number }): Promise<void> {
    const { seq, step_id } = action
    const fields = { seq, step_id, type: action.type }
    const stored = this.store.get(seq)
    if (stored?.state === 'performed') {
      this.log('info', `seq ${seq} (${step_id}) offered again: already performed, sending its result again`, fields)
      await this.sendAgain(stored, action.resolution)
      return
    }
    const how = action.resolution ? ` (${action.resolution.method} ${action.resolution.score.toFixed(2)})` : ''
    this.log('info', `seq ${seq} ${step_id}: ${describeAction(action)}${how}`, fields)
    await this.store.beginAction({ seq, step_id, type: action.type })
    const startedAt = new Date()
    const outcome = await performAction(this.opts.driver, action, this.signal)
    const ms = Date.now() - startedAt.getTime()
    await this.store.finishAction(seq, outcome)
    if (outcome.status === 'failed') this.log('warn', `seq ${seq} ${step_id} failed: ${outcome.error}`, fields)
    const reported = await this.report(seq, outcome, true)
    this.emit({
      seq, step_id, type: action.type, resolution: action.resolution, started_at: startedAt.toISOString(), ms,
      status: outcome.status, ...(outcome.status === 'failed' ? { error: outcome.error } : {}), duplicate: false, reported,
    })
  }

  /** The server waits for a result the state file holds (the agent stopped before sending it): send it. */
  private async resend(stored: StoredAction): Promise<void> {
    const why = stored.interrupted ? 'was being performed when the agent stopped (counted as performed, status ok)' : 'was performed before the agent stopped'
    this.log('info', `seq ${stored.seq} (${stored.step_id}) ${why}: sending its result`, { seq: stored.seq, step_id: stored.step_id })
    await this.sendAgain(stored, null)
  }

  private async sendAgain(stored: StoredAction, resolution: AgentActionEvent['resolution']): Promise<void> {
    const startedAt = new Date().toISOString()
    const outcome = outcomeOf(stored)
    const reported = await this.report(stored.seq, outcome, false)
    this.emit({
      seq: stored.seq, step_id: stored.step_id, type: stored.type, resolution, started_at: startedAt, ms: 0, status: outcome.status,
      ...(outcome.status === 'failed' ? { error: outcome.error } : {}), duplicate: true, ...(stored.interrupted ? { interrupted: true as const } : {}), reported,
    })
  }

  /** POST /replay/result with the screen as it is now, until the server answers it one way or the other. */
  private async report(seq: number, outcome: ActionOutcome, justPerformed: boolean): Promise<Reported> {
    if (justPerformed) await sleep(this.opts.settleMs ?? 150, this.signal)
    let body: ResultBody = {
      session_id: this.opts.sessionId, agent_id: this.opts.agentId, seq, status: outcome.status,
      ...(outcome.status === 'failed' ? { error: outcome.error } : {}), ...(await this.screen('result')),
    }
    for (;;) {
      const answer = await this.api.result(body, this.signal)
      if (answer.ok) {
        this.backoff.reset()
        await this.store.markReported(seq)
        return answer.body.duplicate ? 'duplicate' : 'recorded'
      }
      if (isTransient(answer, 'result')) {
        await this.retryLater(answer, `result of seq ${seq}`)
        continue
      }
      if (answer.status === 400 && body.screenshot !== undefined) {
        // the result matters more than the picture sent with it
        this.log('warn', `the result of seq ${seq} was refused with its screenshot (${answer.code}: ${answer.message}); sending it without`, { seq })
        const { screenshot: _screenshot, screen_scale: _scale, ...bare } = body
        body = bare
        continue
      }
      this.log('warn', `the result of seq ${seq} was refused: ${answer.status} ${answer.code}: ${answer.message}; polling again`, { seq, status: answer.status, code: answer.code })
      // 404/409: the server will never take it, so it is not sent again unasked
      if (answer.status === 404 || answer.status === 409) await this.store.markReported(seq)
      return 'refused'
    }
  }

  /** A screenshot to send, or nothing when the driver cannot take one now (the server asks again if it needs one). */
  private async screen(why: 'poll' | 'result'): Promise<CapturedScreen | Record<string, never>> {
    try {
      const shot = await captureScreen(this.opts.driver)
      this.screenBackoff.reset()
      this.lastScreenshotAt = Date.now()
      return shot
    } catch (err) {
      const delay = this.screenBackoff.next()
      this.log('warn', `no screenshot for the ${why}: ${(err as Error).message}`, { failures: this.screenBackoff.failures })
      await sleep(delay, this.signal)
      return {}
    }
  }

  private async retryLater(answer: ApiAnswer<unknown> & { ok: false }, what: string): Promise<void> {
    const delay = Math.max(this.backoff.next(), Math.min(answer.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS))
    const got = answer.status === NO_ANSWER ? `no answer (${answer.code})` : `${answer.status} ${answer.code}`
    this.log('warn', `${what}: ${got}; trying again in ${delay} ms`, { status: answer.status, code: answer.code, attempt: this.backoff.failures })
    await sleep(delay, this.signal)
  }

  private emit(event: AgentActionEvent): void {
    try {
      this.opts.onEvent?.(event)
    } catch (err) {
      this.log('warn', `the onEvent callback threw: ${(err as Error).message}`, { seq: event.seq })
    }
  }
}
