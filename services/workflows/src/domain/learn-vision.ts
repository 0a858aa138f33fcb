import { randomUUID } from 'node:crypto'
import { AppError, type Rect, type VisionResolveResult } from '@rpa-vision/contracts'
import { JobFailedError, JobTimeoutError, type JobClient, type Payload, type Result } from '@rpa-vision/queue'
import type { DetectedBox } from './learn-anchor.js'

type LearnJob = 'vision.detect' | 'vision.extract_text' | 'vision.resolve'

/** Share of LEARN_TIMEOUT_MS the look-alike checks leave to the rest (OCR): past it they stop, and learning goes on. */
const CHECKS_LEAVE = 0.25
/**
 * The look-alike checks share the vision.resolve queue with running replays, whose agents wait on them: learning's
 * checks are prioritised jobs, so a worker takes every waiting replay resolve first.
 */
const CHECK_PRIORITY = 10

export class VisionUnavailableError extends AppError {
  constructor(message: string) {
    super(503, 'VISION_UNAVAILABLE', message)
  }
}

/** Bounds a promise that may never settle (a Redis that does not answer). */
async function within<T>(work: Promise<T>, ms: number, onLate: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onLate()), Math.max(0, ms))
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The vision jobs of one learning (UI element detection and OCR of the recorded screenshots), all under one deadline:
 * the vision worker does the work, this request only waits for it. Nothing is written until every answer is in.
 */
export class LearnVision {
  private readonly deadline: number
  private readonly enqueued: { name: LearnJob; id: string }[] = []
  private readonly detections = new Map<string, Promise<DetectedBox[]>>()
  private answered = 0

  constructor(
    private readonly jobs: JobClient,
    private readonly timeoutMs: number,
  ) {
    this.deadline = Date.now() + timeoutMs
  }

  /** The UI elements of a stored screenshot (asked once per image, however many clicks share it). */
  detect(sha256: string): Promise<DetectedBox[]> {
    let found = this.detections.get(sha256)
    if (!found) {
      found = this.run('vision.detect', { image_sha256: sha256 }).then((r) => r.elements)
      this.detections.set(sha256, found)
    }
    return found
  }

  /** The text OCR reads in a region of a stored screenshot, on one line, trimmed. */
  async readText(sha256: string, region: Rect): Promise<string> {
    const { text } = await this.run('vision.extract_text', { image_sha256: sha256, region })
    return text.replace(/\s+/g, ' ').trim()
  }

  /**
   * Where a picture cut from a stored screenshot (and stored too) matches on that same screenshot: vision.resolve by
   * template only, with no recorded place (so the whole screen is searched and every look-alike listed). Undefined
   * when no answer came before the checks' share of the deadline: the caller stops checking, learning goes on.
   */
  async matchesOnOwnScreen(screenshotSha256: string, imageSha256: string): Promise<VisionResolveResult | undefined> {
    const by = this.deadline - CHECKS_LEAVE * this.timeoutMs
    if (by - Date.now() <= 0) return undefined
    try {
      return await this.run('vision.resolve', { screenshot_sha256: screenshotSha256, anchor: { image_sha256: imageSha256 }, visual_mode: 'template' }, { by, priority: CHECK_PRIORITY })
    } catch (err) {
      if (err instanceof JobTimeoutError) return undefined
      throw err
    }
  }

  /** Runs a job until the deadline (or `by`, when given: then a late answer is a JobTimeoutError, the job withdrawn). */
  private async run<N extends LearnJob>(name: N, payload: Payload<N>, soft?: { by: number; priority: number }): Promise<Result<N>> {
    const left = (soft?.by ?? this.deadline) - Date.now()
    if (left <= 0) throw soft ? new JobTimeoutError(name) : this.timedOut()
    const id = `learn-${randomUUID()}`
    this.enqueued.push({ name, id })
    try {
      // one attempt: someone is waiting, and a failure here would be the same on a retry
      const opts = { timeoutMs: left, jobId: id, attempts: 1, ...(soft ? { priority: soft.priority } : {}) }
      const result = await within(this.jobs.run(name, payload, opts), left, () => new JobTimeoutError(name))
      this.answered++
      return result
    } catch (err) {
      if (err instanceof JobTimeoutError && soft) {
        await within(this.jobs.queue(name).remove(id), 1000, () => new Error('withdrawing a job took too long')).catch(() => undefined)
        throw err
      }
      if (err instanceof JobTimeoutError) throw this.timedOut()
      if (err instanceof JobFailedError) throw new AppError(502, 'VISION_FAILED', `a vision worker could not read a recorded screenshot: ${err.message}`)
      throw err
    }
  }

  private timedOut(): VisionUnavailableError {
    return new VisionUnavailableError(
      this.answered === 0
        ? `no vision worker answered within ${this.timeoutMs} ms: learning a trace needs one (pnpm start runs it; or start services/vision-worker); no workflow was stored`
        : `the vision workers did not finish this trace within ${this.timeoutMs} ms (LEARN_TIMEOUT_MS): run more vision workers or send a shorter trace; no workflow was stored`,
    )
  }

  /** After a failure: the jobs not yet taken are withdrawn, so that no worker spends time on a learning given up. */
  async withdraw(): Promise<void> {
    const pending = this.enqueued.splice(0)
    await within(
      Promise.allSettled(pending.map(({ name, id }) => this.jobs.queue(name).remove(id))),
      1000,
      () => new Error('withdrawing jobs took too long'),
    ).catch(() => undefined)
  }
}
