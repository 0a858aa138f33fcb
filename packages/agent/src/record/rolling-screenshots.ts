export interface Shot<T> {
  /** what grab() returned: a page's PNG, a raw grab of the desktop */
  image: T
  /** Date.now() when the capture was asked for, and when it came back */
  startedAt: number
  finishedAt: number
}

export interface RollingOptions {
  /** how often the screen is captured while idle (default 300 ms) */
  intervalMs?: number
  /** how long after the last input the screen counts as settled (default 150 ms) */
  settleMs?: number
}

/**
 * The screen (a page, the desktop) kept fresh while the user does nothing: captured every intervalMs while idle, and
 * once it settled after each input. A click cannot wait for a capture (it has happened when it is reported), so it
 * takes the newest one that was complete before the pointer went down: the screen as it was, short of what changed
 * in the last settleMs–intervalMs (a hover effect, a field filled just before).
 */
export class RollingScreenshots<T> {
  private readonly shots: Shot<T>[] = []
  private readonly intervalMs: number
  private readonly settleMs: number
  private lastInputAt = 0
  private timer: NodeJS.Timeout | undefined
  private capturing: Promise<void> | undefined
  private running = false
  private waiters: { after: number; resolve: () => void }[] = []

  /**
   * @param grab one capture; undefined when there is nothing to capture any more (the page was closed)
   * @param keep captures kept besides those the caller holds: enough to find one taken before an input reported late
   */
  constructor(
    private readonly grab: () => Promise<T | undefined>,
    private readonly keep: number,
    opts: RollingOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 300
    this.settleMs = opts.settleMs ?? 150
  }

  /** Takes the first capture (so that every input finds one), then keeps going. */
  async start(): Promise<void> {
    this.running = true
    await this.capture()
    this.schedule(this.intervalMs)
  }

  /** An input happened: capture again once the screen has settled. */
  noteInput(at: number): void {
    this.lastInputAt = Math.max(this.lastInputAt, at)
    this.schedule(this.settleMs)
  }

  /** The newest capture complete by `at` (the oldest kept when none was). */
  before(at: number): Shot<T> {
    for (let i = this.shots.length - 1; i >= 0; i--) if (this.shots[i]!.finishedAt <= at) return this.shots[i]!
    return this.shots[0]!
  }

  latest(): Shot<T> | undefined {
    return this.shots.at(-1)
  }

  /** Resolves once a capture started after the last input had settled: the next click will carry the screen as it is now. */
  settled(): Promise<void> {
    const after = this.lastInputAt + this.settleMs
    if (this.shots.some((s) => s.startedAt >= after)) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ after, resolve }))
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.capturing?.catch(() => undefined)
    for (const w of this.waiters.splice(0)) w.resolve()
  }

  private schedule(ms: number): void {
    if (!this.running) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), ms)
  }

  private async tick(): Promise<void> {
    const quietFor = Date.now() - this.lastInputAt
    if (quietFor >= this.settleMs) {
      // a capture already running may have started before the input: this one must start after it
      await this.capturing?.catch(() => undefined)
      await this.capture().catch(() => undefined) // a failed capture is retried at the next tick
    }
    this.schedule(quietFor >= this.settleMs ? this.intervalMs : this.settleMs - quietFor)
  }

  private capture(): Promise<void> {
    this.capturing ??= this.take().finally(() => {
      this.capturing = undefined
    })
    return this.capturing
  }

  private async take(): Promise<void> {
    const startedAt = Date.now()
    const image = await this.grab()
    if (image === undefined) return
    this.shots.push({ image, startedAt, finishedAt: Date.now() })
    if (this.shots.length > this.keep) this.shots.shift()
    this.waiters = this.waiters.filter((w) => {
      if (startedAt < w.after) return true
      w.resolve()
      return false
    })
  }
}
