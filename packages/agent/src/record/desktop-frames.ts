import type { DesktopFrame } from '../drivers/desktop.js'
import { frameToPng } from '../drivers/desktop-png.js'

export interface Frame {
  raw: DesktopFrame
  /** Date.now() when the grab was asked for, and when it came back */
  startedAt: number
  finishedAt: number
}

export interface FrameOptions {
  /** how often the screen is grabbed while idle (default 300 ms) */
  intervalMs?: number
  /** how long after the last input the screen counts as settled (default 150 ms) */
  settleMs?: number
}

/** Grabs kept (raw, 4 bytes a pixel: 8 MB each at 1920×1080), besides those a recording holds for its clicks. */
const KEEP = 3

/**
 * The screen, grabbed every intervalMs while the user does nothing and once it settled after each input. A click
 * cannot wait for a grab (it has happened when the hook reports it), so it takes the newest grab that was complete
 * before the hook reported the press: the screen as it was, short of what changed in the last settleMs–intervalMs
 * (a hover effect, a field filled just before). Grabs stay raw; only those a click keeps are encoded, once each.
 */
export class DesktopFrames {
  private readonly frames: Frame[] = []
  private readonly pngs = new WeakMap<Frame, Promise<Buffer>>()
  private readonly intervalMs: number
  private readonly settleMs: number
  private lastInputAt = 0
  private timer: NodeJS.Timeout | undefined
  private grabbing: Promise<void> | undefined
  private running = false
  private waiters: { after: number; resolve: () => void }[] = []

  constructor(
    private readonly grab: () => Promise<DesktopFrame>,
    opts: FrameOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 300
    this.settleMs = opts.settleMs ?? 150
  }

  /** Takes the first grab (so that every click finds one), then keeps going. */
  async start(): Promise<void> {
    this.running = true
    await this.capture()
    this.schedule(this.intervalMs)
  }

  /** An input happened: grab again once the screen has settled. */
  noteInput(at: number): void {
    this.lastInputAt = Math.max(this.lastInputAt, at)
    this.schedule(this.settleMs)
  }

  /** The newest grab complete by `at` (the first one when none was). */
  before(at: number): Frame {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i]!.finishedAt <= at) return this.frames[i]!
    return this.frames[0]!
  }

  /** A frame as PNG, encoded once however many clicks share it. */
  png(frame: Frame): Promise<Buffer> {
    let png = this.pngs.get(frame)
    if (!png) {
      png = frameToPng(frame.raw)
      this.pngs.set(frame, png)
    }
    return png
  }

  /** Resolves once a grab started after the last input had settled: the next click will carry the screen as it is now. */
  settled(): Promise<void> {
    const after = this.lastInputAt + this.settleMs
    if (this.frames.some((f) => f.startedAt >= after)) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ after, resolve }))
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.grabbing?.catch(() => undefined)
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
      await this.grabbing?.catch(() => undefined)
      await this.capture().catch(() => undefined) // a failed grab is retried at the next tick
    }
    this.schedule(quietFor >= this.settleMs ? this.intervalMs : this.settleMs - quietFor)
  }

  private capture(): Promise<void> {
    this.grabbing ??= this.take().finally(() => {
      this.grabbing = undefined
    })
    return this.grabbing
  }

  private async take(): Promise<void> {
    const startedAt = Date.now()
    const raw = await this.grab()
    const frame = { raw, startedAt, finishedAt: Date.now() }
    this.frames.push(frame)
    if (this.frames.length > KEEP) this.frames.shift()
    this.waiters = this.waiters.filter((w) => {
      if (startedAt < w.after) return true
      w.resolve()
      return false
    })
  }
}
