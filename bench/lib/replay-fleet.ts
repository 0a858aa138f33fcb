import { setTimeout as sleep } from 'node:timers/promises'
import type { Pool } from 'undici'
import type { DeliveredAction, NextResponse, ReplaySession } from '@rpa-vision/contracts'
import { Samples } from './samples.js'

/**
 * Simulated replay agents for the load bench: each polls POST /api/v1/replay/next on a fixed schedule (open loop:
 * the next poll is due one period after the previous one was due, whatever the latency), performs what it is given
 * (a timer standing for the click or the typing), reports it, and keeps a per-session, per-seq memory so that it
 * never performs a seq twice. The bench process checks the server against that memory while it runs and at the end.
 */

export type Fault = 'forget' | 'lose' | 'double' | null
export type Kind = 'agent' | 'server'

/** How long an agent takes to perform an action (the wait action takes its own ms). */
export const PERFORM_MS: Record<string, number> = { click: 600, type: 800, hotkey: 400, scroll: 400 }
/** BENCH_REPLAY_PERFORM_SCALE=2: agents twice as slow (fewer actions, hence results, per second) */
export const PERFORM_SCALE = Number(process.env.BENCH_REPLAY_PERFORM_SCALE ?? 1)
/** Kinds the agent performs and reports; the others run on the server. */
const CLIENT_KINDS = new Set(['click', 'type', 'hotkey', 'scroll', 'wait'])
/** Agent #1 loses one result in LOSE_EVERY: alternately the response (it retries) or the request (it waits for the re-offer). */
const LOSE_EVERY = 5
const FORGET_EVERY = 10
const LOST_RESPONSE_RETRY_MS = 300
const RESULT_RETRY_MS = 250
const RESULT_RETRIES = 40

export interface FleetConfig {
  pool: Pool
  workflows: Record<Kind, string>
  variables: Record<Kind, Record<string, string>>
  periodMs: number
  /** base64 PNGs sent after clicks and hotkeys, and when the server asks for a screenshot */
  screenshots: string[]
  requestTimeoutMs: number
}

/** What happened in one measurement window (requests are counted in the window they were sent in). */
export class WindowStats {
  readonly poll = new Samples()
  readonly result = new Samples()
  startedAt = performance.now()
  endedAt = 0
  pollsSent = 0
  pollsAnswered = 0
  /** a poll was due while the agent's previous poll was still outstanding: not sent */
  skippedOutstanding = 0
  /** a poll was due while the load generator's event loop was busy by more than a period: not sent */
  skippedGeneratorLate = 0
  /** a poll was due while the agent was starting its next session */
  skippedNoSession = 0
  actionsOffered = 0
  screenshotAsks = 0
  busy: Record<string, number> = {}
  busyTotal = 0
  doneAnswers = 0
  resultsSent = 0
  /** results the server answered recorded: true, duplicate: false */
  completed = 0
  duplicates = 0
  non2xx: Record<string, number> = {}
  errors: Record<string, number> = {}
  sessionsStarted = 0
  sessionsSucceeded = 0
  sessionsFailed = 0

  get seconds(): number {
    return ((this.endedAt || performance.now()) - this.startedAt) / 1000
  }
}

/** Checks of the protocol's guarantees, for the whole run. */
export class Integrity {
  /** the agent's perform() ran for a seq it had already performed (its memory failed) */
  performedTwice = 0
  /** the server offered a seq again after it had answered recorded for its result */
  reofferedAfterRecorded = 0
  /** a re-offer under a performed seq carried a different action */
  differentActionSameSeq = 0
  /** the server offered a later seq while an earlier delivered one had no result sent */
  advancedWithoutResult = 0
  /** the server answered duplicate: false twice for one (session, seq) */
  recordedTwice = 0
  /** re-offers of a performed seq whose result had not reached the server: answered by re-sending, not performing */
  reofferedPerformed = 0
  reofferWhileReporting = 0
  forgotten = 0
  forgottenReoffered = 0
  readonly forgetDelays = new Samples()
  lostResponses = 0
  lostResponseRetryDuplicate = 0
  lostResponseRetryFresh = 0
  lostRequests = 0
  lostRequestResentOnReoffer = 0
  lostRequestResentDuplicate = 0
  lostRequestFlushed = 0
  doublePosts = 0
  doublePostsOk = 0
  doublePostsWrong = 0
  unexpectedDuplicates = 0
  readonly anomalies: string[] = []

  note(what: string): void {
    if (this.anomalies.length < 20) this.anomalies.push(what)
  }
}

export interface VerifyReport {
  sessions: number
  sessionsRunning: number
  sessionsSucceeded: number
  sessionsFailed: number
  sessionsCancelled: number
  failReasons: string[]
  /** client steps whose result the server holds */
  stepsWithResult: number
  /** performed by the agent, no result on the server */
  lostResult: number
  /** a result on the server for a seq the agent never performed */
  phantom: number
  /** done on the server without a result */
  doneWithoutResult: number
  serverStepsDone: number
  stepsLeasedAgain: number
  maxLeaseCount: number
  /** delivered and never performed: agent #0's forgotten actions still waiting for their re-offer */
  forgottenOpen: number
  readErrors: number
}

interface SessionTrack {
  id: string
  kind: Kind
  /** seq → what was performed (type, step, target, text), for comparing a re-offer */
  performed: Map<number, string>
  /** performed (or forgotten) and no result sent yet */
  unsent: Set<number>
  /** performing, or its result being posted */
  reporting: Set<number>
  /** seq → when the server's answer "recorded" arrived (whatever the agent pretends to have heard) */
  serverRecorded: Map<number, number>
  freshRecorded: Set<number>
  forgotten: Map<number, number>
  withheld: Set<number>
  ended: string | null
  verified: boolean
  /** lost steps found by the latest check of this session (performed without result, result never performed, done without result) */
  lost: number
}

interface Reply<T> {
  status: number
  json: T | null
  ms: number
}

function signature(a: DeliveredAction): string {
  return JSON.stringify([a.type, a.step_id, a.x ?? null, a.y ?? null, a.button ?? null, a.clicks ?? null, a.text ?? null, a.keys ?? null, a.dx ?? null, a.dy ?? null, a.ms ?? null])
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1
}

export class SimAgent {
  session: SessionTrack | undefined
  readonly sessions: SessionTrack[] = []
  private creating = false
  private pollOutstanding = false
  private shotPending = false
  private timer: NodeJS.Timeout | undefined
  private nextAt = 0
  private fresh = 0
  private shotNo: number
  private readonly headers: Record<string, string>
  private readonly bare: Record<string, string>
  /** taken out of the load (the ramp going down): polls no more; its sessions stay on record for the checks */
  retired = false

  constructor(
    private readonly fleet: Fleet,
    readonly index: number,
    readonly agentId: string,
    readonly token: string,
    readonly kind: Kind,
    readonly fault: Fault,
  ) {
    this.headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    this.bare = { authorization: `Bearer ${token}` }
    this.shotNo = index
  }

  private get cfg(): FleetConfig {
    return this.fleet.cfg
  }

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply<T>> {
    const start = performance.now()
    const res = await this.cfg.pool.request({
      method, path, ...(body !== undefined ? { headers: this.headers, body: JSON.stringify(body) } : { headers: this.bare }),
      headersTimeout: this.cfg.requestTimeoutMs, bodyTimeout: this.cfg.requestTimeoutMs,
    })
    const text = await res.body.text()
    return { status: res.statusCode, json: text ? (JSON.parse(text) as T) : null, ms: performance.now() - start }
  }

  private screenshot(): string {
    const shots = this.cfg.screenshots
    return shots[this.shotNo++ % shots.length]!
  }

  /** The first poll falls `delayMs` from now; then one every period. */
  schedule(delayMs: number): void {
    clearTimeout(this.timer)
    this.nextAt = performance.now() + delayMs
    this.timer = setTimeout(() => this.tick(), delayMs)
  }

  stop(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Out of the load for good (the ramp going down): no more polls, and its session is cancelled, as at a shutdown. */
  retire(): void {
    this.retired = true
    this.stop()
    this.cancelSession()
  }

  private cancelSession(): void {
    const track = this.session
    if (track && track.ended === null) {
      track.ended = 'cancelled'
      this.fleet.track(this.call('POST', `/api/v1/replays/${track.id}/cancel`).then((res) => {
        if (res.status !== 200) bump(this.fleet.stats.non2xx, `${res.status} cancel`)
      }))
    }
  }

  private tick(): void {
    if (!this.fleet.running || this.retired) return
    const w = this.fleet.stats
    const now = performance.now()
    this.nextAt += this.cfg.periodMs
    if (this.nextAt <= now) {
      const missed = Math.floor((now - this.nextAt) / this.cfg.periodMs) + 1
      w.skippedGeneratorLate += missed
      this.nextAt += missed * this.cfg.periodMs
    }
    this.timer = setTimeout(() => this.tick(), this.nextAt - now)
    if (!this.session || this.session.ended) {
      w.skippedNoSession++
      if (!this.creating) this.fleet.track(this.startSession())
      return
    }
    if (this.pollOutstanding) {
      w.skippedOutstanding++
      return
    }
    this.fleet.track(this.poll(this.session))
  }

  async startSession(): Promise<void> {
    if (this.creating) return
    this.creating = true
    const w = this.fleet.stats
    try {
      const res = await this.call<{ session_id: string }>('POST', '/api/v1/replays', {
        workflow_id: this.cfg.workflows[this.kind], agent_id: this.agentId, variables: this.cfg.variables[this.kind],
      })
      if (res.status !== 201) {
        bump(w.non2xx, `${res.status} POST /replays ${(res.json as { error?: { code?: string } } | null)?.error?.code ?? ''}`.trim())
        return
      }
      const track: SessionTrack = {
        id: res.json!.session_id, kind: this.kind, performed: new Map(), unsent: new Set(), reporting: new Set(), serverRecorded: new Map(),
        freshRecorded: new Set(), forgotten: new Map(), withheld: new Set(), ended: null, verified: false, lost: 0,
      }
      this.session = track
      this.sessions.push(track)
      w.sessionsStarted++
      if (this.retired) this.cancelSession() // taken out of the load while this one was being created
    } catch (err) {
      bump(w.errors, `POST /replays ${(err as { code?: string }).code ?? (err as Error).message}`)
    } finally {
      this.creating = false
    }
  }

  private async poll(track: SessionTrack): Promise<void> {
    const w = this.fleet.stats
    this.pollOutstanding = true
    const shot = this.shotPending ? this.screenshot() : undefined
    this.shotPending = false
    w.pollsSent++
    let res: Reply<NextResponse>
    const sentAt = performance.now()
    try {
      res = await this.call<NextResponse>('POST', '/api/v1/replay/next', { session_id: track.id, agent_id: this.agentId, ...(shot ? { screenshot: shot } : {}) })
    } catch (err) {
      bump(w.errors, `poll ${(err as { code?: string }).code ?? (err as Error).message}`)
      if (shot) this.shotPending = true
      return
    } finally {
      this.pollOutstanding = false
    }
    w.pollsAnswered++
    w.poll.add(res.ms)
    if (res.status !== 200 || !res.json) {
      bump(w.non2xx, `${res.status} poll ${(res.json as { error?: { code?: string } } | null)?.error?.code ?? ''}`.trim())
      if (shot) this.shotPending = true
      return
    }
    const body = res.json
    if (body.done) {
      w.doneAnswers++
      if (track.ended === null) {
        track.ended = body.status ?? 'unknown'
        if (body.status === 'succeeded') w.sessionsSucceeded++
        else {
          w.sessionsFailed++
          this.fleet.integrity.note(`session ${track.id} of ${this.agentId} ended ${body.status}: ${body.reason}`)
        }
      }
      if (this.fleet.running && !this.retired) this.fleet.track(this.startSession())
      return
    }
    const action = body.action
    if (!action) {
      w.busyTotal++
      bump(w.busy, body.waiting_for ?? 'unknown')
      return
    }
    if (action.type === 'screenshot' || action.seq === null) {
      w.screenshotAsks++
      this.shotPending = true
      return
    }
    w.actionsOffered++
    this.offered(track, action, sentAt)
  }

  /** An action with a seq: new, a re-offer of a performed one, or (agent #0) the re-offer of a forgotten one. */
  private offered(track: SessionTrack, action: DeliveredAction, pollSentAt: number): void {
    const integrity = this.fleet.integrity
    const seq = action.seq!
    const recordedAt = track.serverRecorded.get(seq)
    // (a poll sent before the answer arrived may have read an expired lease: only a later poll is a violation)
    if (recordedAt !== undefined && recordedAt < pollSentAt) {
      integrity.reofferedAfterRecorded++
      integrity.note(`${this.agentId} session ${track.id}: seq ${seq} offered again after its result was recorded`)
    }
    const forgottenAt = track.forgotten.get(seq)
    if (forgottenAt !== undefined) {
      // Agent #0 dropped it without performing it: from its side this is a new action, delivered again after the lease.
      integrity.forgottenReoffered++
      integrity.forgetDelays.add(performance.now() - forgottenAt)
      track.forgotten.delete(seq)
      track.unsent.delete(seq)
      this.perform(track, action)
      return
    }
    const done = track.performed.get(seq)
    if (done !== undefined) {
      if (done !== signature(action)) {
        integrity.differentActionSameSeq++
        integrity.note(`${this.agentId} session ${track.id}: seq ${seq} re-offered as ${signature(action)}, performed as ${done}`)
      }
      if (track.reporting.has(seq)) {
        integrity.reofferWhileReporting++
        return
      }
      // Performed already: send the result again, never perform it again.
      integrity.reofferedPerformed++
      const withheld = track.withheld.delete(seq)
      this.fleet.track(this.report(track, seq, false, withheld ? 'withheld' : 'resend'))
      return
    }
    for (const earlier of track.unsent) {
      if (earlier < seq) {
        integrity.advancedWithoutResult++
        integrity.note(`${this.agentId} session ${track.id}: offered seq ${seq} while seq ${earlier} had no result`)
        track.unsent.delete(earlier)
      }
    }
    this.fresh++
    if (this.fault === 'forget' && this.fresh % FORGET_EVERY === 4) {
      integrity.forgotten++
      track.forgotten.set(seq, performance.now())
      track.unsent.add(seq)
      return
    }
    this.perform(track, action)
  }

  private perform(track: SessionTrack, action: DeliveredAction): void {
    const seq = action.seq!
    if (track.performed.has(seq)) {
      this.fleet.integrity.performedTwice++
      this.fleet.integrity.note(`${this.agentId} session ${track.id}: seq ${seq} performed twice`)
    }
    track.performed.set(seq, signature(action))
    track.unsent.add(seq)
    track.reporting.add(seq)
    const ms = PERFORM_SCALE * (action.type === 'wait' ? (action.ms ?? 0) : (PERFORM_MS[action.type] ?? 100))
    const withShot = action.type === 'click' || action.type === 'hotkey'
    const n = this.fresh
    const mode = this.fault === 'lose' && n % LOSE_EVERY === 2 ? (n % (2 * LOSE_EVERY) === 2 ? 'lose-response' : 'lose-request') : 'normal'
    this.fleet.track(sleep(ms).then(() => this.report(track, seq, withShot, mode)))
  }

  private resultBody(track: SessionTrack, seq: number, withShot: boolean) {
    return { session_id: track.id, seq, status: 'ok' as const, agent_id: this.agentId, ...(withShot ? { screenshot: this.screenshot() } : {}) }
  }

  /** One POST /replay/result, counted in the window it was sent in; null on a network error. */
  private async postResult(track: SessionTrack, seq: number, withShot: boolean): Promise<Reply<{ recorded: boolean; duplicate: boolean }> | null> {
    const w = this.fleet.stats
    w.resultsSent++
    let res: Reply<{ recorded: boolean; duplicate: boolean }>
    try {
      res = await this.call('POST', '/api/v1/replay/result', this.resultBody(track, seq, withShot))
    } catch (err) {
      bump(w.errors, `result ${(err as { code?: string }).code ?? (err as Error).message}`)
      return null
    }
    w.result.add(res.ms)
    if (res.status !== 200 || !res.json) {
      bump(w.non2xx, `${res.status} result ${(res.json as { error?: { code?: string } } | null)?.error?.code ?? ''}`.trim())
      return res
    }
    if (!track.serverRecorded.has(seq)) track.serverRecorded.set(seq, performance.now())
    if (res.json.duplicate) w.duplicates++
    else {
      w.completed++
      if (track.freshRecorded.has(seq)) {
        this.fleet.integrity.recordedTwice++
        this.fleet.integrity.note(`${this.agentId} session ${track.id}: seq ${seq} recorded (duplicate: false) twice`)
      }
      track.freshRecorded.add(seq)
    }
    return res
  }

  /** Posts until the server answers (a 5xx or a network error is retried, as an agent would); null if it never does. */
  private async postReliably(track: SessionTrack, seq: number, withShot: boolean): Promise<{ recorded: boolean; duplicate: boolean } | null> {
    for (let i = 0; i < RESULT_RETRIES; i++) {
      const res = await this.postResult(track, seq, withShot)
      if (res && res.status === 200 && res.json) return res.json
      if (res && res.status < 500) return null
      await sleep(RESULT_RETRY_MS)
    }
    return null
  }

  async report(track: SessionTrack, seq: number, withShot: boolean, mode: 'normal' | 'lose-response' | 'lose-request' | 'resend' | 'withheld' | 'flush'): Promise<void> {
    const integrity = this.fleet.integrity
    track.reporting.add(seq)
    try {
      if (mode === 'lose-request') {
        // The request never reaches the server: the action stays leased until it is offered again.
        integrity.lostRequests++
        track.withheld.add(seq)
        return
      }
      track.unsent.delete(seq)
      if (mode === 'lose-response') {
        // The server records it, the agent never hears back, and retries a moment later: that must be a duplicate.
        integrity.lostResponses++
        await this.postResult(track, seq, withShot)
        await sleep(LOST_RESPONSE_RETRY_MS)
        const again = await this.postReliably(track, seq, withShot)
        if (again?.duplicate) integrity.lostResponseRetryDuplicate++
        else if (again) {
          integrity.lostResponseRetryFresh++
          integrity.note(`${this.agentId} session ${track.id}: seq ${seq} retried after a lost response answered duplicate: false`)
        }
        return
      }
      if (this.fault === 'double' && mode === 'normal') {
        integrity.doublePosts++
        // Even seqs: one after the other (the second must be the duplicate); odd: both at once (exactly one is not).
        const answers = seq % 2 === 0
          ? [await this.postReliably(track, seq, withShot), await this.postReliably(track, seq, withShot)]
          : await Promise.all([this.postReliably(track, seq, withShot), this.postReliably(track, seq, withShot)])
        const fresh = answers.filter((a) => a && !a.duplicate).length
        const ok = seq % 2 === 0 ? answers[0]?.duplicate === false && answers[1]?.duplicate === true : fresh === 1 && answers.every(Boolean)
        if (ok) integrity.doublePostsOk++
        else {
          integrity.doublePostsWrong++
          integrity.note(`${this.agentId} session ${track.id}: seq ${seq} posted twice answered ${JSON.stringify(answers)}`)
        }
        return
      }
      const answer = await this.postReliably(track, seq, withShot)
      if (mode === 'withheld' || mode === 'flush') {
        if (answer?.duplicate === false) {
          if (mode === 'withheld') integrity.lostRequestResentOnReoffer++
          else integrity.lostRequestFlushed++
        } else if (answer) {
          integrity.lostRequestResentDuplicate++
          integrity.note(`${this.agentId} session ${track.id}: seq ${seq}, whose first post was lost, answered duplicate: true`)
        }
      } else if (answer?.duplicate && mode === 'normal') {
        integrity.unexpectedDuplicates++
      }
    } finally {
      track.reporting.delete(seq)
    }
  }

  /** At a pause: results held back by agent #1 are sent now, so that every performed action can be checked. */
  flushWithheld(): void {
    for (const track of this.sessions) {
      for (const seq of track.withheld) {
        track.withheld.delete(seq)
        this.fleet.track(this.report(track, seq, false, 'flush'))
      }
    }
  }

  /** Compares the server's record of each session with what this agent performed. */
  async verify(report: VerifyReport): Promise<void> {
    for (const track of this.sessions) {
      if (track.verified) continue
      let res: Reply<ReplaySession>
      try {
        res = await this.call<ReplaySession>('GET', `/api/v1/replays/${track.id}`)
      } catch {
        report.readErrors++
        continue
      }
      if (res.status !== 200 || !res.json) {
        report.readErrors++
        continue
      }
      const s = res.json
      report.sessions++
      track.lost = 0
      if (s.status === 'running') report.sessionsRunning++
      else if (s.status === 'succeeded') report.sessionsSucceeded++
      else if (s.status === 'cancelled') report.sessionsCancelled++
      else {
        report.sessionsFailed++
        if (report.failReasons.length < 5) report.failReasons.push(`${s.session_id}: ${s.status} ${s.reason}`)
      }
      for (const step of s.steps) {
        if (!CLIENT_KINDS.has(step.kind)) {
          if (step.state === 'done') report.serverStepsDone++
          continue
        }
        const performed = track.performed.has(step.seq)
        if (step.result) {
          report.stepsWithResult++
          if (!performed) {
            report.phantom++
            track.lost++
            this.fleet.integrity.note(`${this.agentId} session ${track.id}: seq ${step.seq} has a result on the server but was never performed`)
          }
        } else if (performed) {
          report.lostResult++
          track.lost++
          this.fleet.integrity.note(`${this.agentId} session ${track.id}: seq ${step.seq} performed, no result on the server (state ${step.state})`)
        }
        if (step.state === 'done' && !step.result) {
          report.doneWithoutResult++
          track.lost++
          this.fleet.integrity.note(`${this.agentId} session ${track.id}: seq ${step.seq} done without a result`)
        }
        if (step.lease_count > 1) report.stepsLeasedAgain++
        report.maxLeaseCount = Math.max(report.maxLeaseCount, step.lease_count)
        if (track.forgotten.has(step.seq)) report.forgottenOpen++
      }
      if (s.status !== 'running' && track.ended !== null) track.verified = true
    }
  }
}

/** The agents, their in-flight work, and the current measurement window. */
export class Fleet {
  readonly agents: SimAgent[] = []
  readonly integrity = new Integrity()
  stats = new WindowStats()
  running = false
  private readonly inflight = new Set<Promise<unknown>>()

  constructor(readonly cfg: FleetConfig) {}

  track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.integrity.note(`unexpected error: ${(err as Error).stack ?? String(err)}`)).finally(() => this.inflight.delete(tracked))
    this.inflight.add(tracked)
  }

  get active(): SimAgent[] {
    return this.agents.filter((a) => !a.retired)
  }

  get pollsPerSecondOffered(): number {
    return (this.active.length * 1000) / this.cfg.periodMs
  }

  /** Takes the newest agents out of the load until `n` remain (what they started is still reported). */
  shrink(n: number): void {
    const active = this.active
    for (const a of active.slice(n)) a.retire()
  }

  /** Starts a new window and answers the one that ends. */
  newWindow(): WindowStats {
    const previous = this.stats
    previous.endedAt = performance.now()
    this.stats = new WindowStats()
    return previous
  }

  /** Adds agents: each starts its first session, then polls; starts are spread over `spreadMs`. */
  add(agents: { agentId: string; token: string; kind: Kind; fault: Fault }[], spreadMs: number): void {
    this.running = true
    agents.forEach((a, i) => {
      const agent = new SimAgent(this, this.agents.length, a.agentId, a.token, a.kind, a.fault)
      this.agents.push(agent)
      const at = (i * spreadMs) / agents.length
      this.track(sleep(at).then(async () => {
        if (!this.running) return
        await agent.startSession()
        if (this.running) agent.schedule(Math.random() * this.cfg.periodMs)
      }))
    })
  }

  /** Stops polling, lets every action in progress be performed and reported, and sends results held back. */
  async pause(): Promise<void> {
    this.running = false
    for (const a of this.agents) a.stop()
    await this.settle()
    for (const a of this.agents) a.flushWithheld()
    await this.settle()
  }

  resume(): void {
    this.running = true
    for (const a of this.active) a.schedule(Math.random() * this.cfg.periodMs)
  }

  private async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight])
  }

  /** Lost steps over every session, as of each one's latest check. */
  lostSteps(): number {
    let n = 0
    for (const a of this.agents) for (const t of a.sessions) n += t.lost
    return n
  }

  async verify(concurrency = 8): Promise<VerifyReport> {
    const report: VerifyReport = {
      sessions: 0, sessionsRunning: 0, sessionsSucceeded: 0, sessionsFailed: 0, sessionsCancelled: 0, failReasons: [], stepsWithResult: 0, lostResult: 0, phantom: 0,
      doneWithoutResult: 0, serverStepsDone: 0, stepsLeasedAgain: 0, maxLeaseCount: 0, forgottenOpen: 0, readErrors: 0,
    }
    const queue = [...this.agents]
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let a = queue.shift(); a; a = queue.shift()) await a.verify(report)
    }))
    return report
  }
}
