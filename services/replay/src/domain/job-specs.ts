import type { JobsOptions } from 'bullmq'
import type { JobName, JobTypes, Rect } from '@rpa-vision/contracts'
import type { ActionRow, SessionRow } from './context.js'
import type { ActionSpec } from './plan.js'

export type ReplayJobKind = 'resolve' | 'extract' | 't2a'
export const QUEUE_OF: Record<ReplayJobKind, JobName> = { resolve: 'vision.resolve', extract: 'vision.extract_text', t2a: 'llm.t2a_decision' }
const KIND_OF_QUEUE = new Map(Object.entries(QUEUE_OF).map(([k, q]) => [q, k as ReplayJobKind]))
export const REPLAY_JOB_PREFIX = 'rp_'

/** Deterministic job ids: enqueuing twice (a retry after a crash) adds the job once. BullMQ ids may not hold ':'. */
export function replayJobId(sessionId: string, seq: number, attempt: number): string {
  return `${REPLAY_JOB_PREFIX}${sessionId}_${seq}_${attempt}`
}

export function jobKindOfQueue(queue: string): ReplayJobKind | undefined {
  return KIND_OF_QUEUE.get(queue as JobName)
}

export interface JobToEnqueue {
  queue: JobName
  id: string
  payload: JobTypes[JobName]['payload']
  opts: JobsOptions
}

const RESOLVE_JOB_TIMEOUT_MS = 30_000
const BACKOFF_MS = 500

/** Rebuilt from the action row alone, so that a job lost with Redis can be added again with the same payload. */
export function jobForAction(session: Pick<SessionRow, 'id' | 'variables' | 'screenScale'>, action: ActionRow): JobToEnqueue {
  const spec = action.spec as ActionSpec
  const id = action.jobId!
  switch (action.jobKind as ReplayJobKind) {
    case 'resolve': {
      const a = spec.anchor!
      return {
        queue: 'vision.resolve',
        id,
        payload: {
          screenshot_sha256: action.jobScreenshotSha256!,
          anchor: {
            image_sha256: a.image_sha256, bbox: a.bbox, screen: a.screen,
            ...(a.target_text ? { target_text: a.target_text } : {}),
            ...(a.screenshot_sha256 ? { screenshot_sha256: a.screenshot_sha256 } : {}),
          },
          visual_mode: spec.visual_mode ?? 'auto',
          ...(session.screenScale ? { screen_scale: session.screenScale } : {}),
          timeout_ms: RESOLVE_JOB_TIMEOUT_MS,
        },
        // the step retries on fresh screenshots until its deadline; a failed attempt is not retried as is
        opts: { jobId: id, attempts: 1 },
      }
    }
    case 'extract': {
      const found = (action.resolution as { bbox?: Rect } | null)?.bbox
      const relative = found && spec.anchor && spec.region
      const region = relative ? placeRelative(spec.region!, spec.anchor!.bbox, found) : (found ?? spec.region)
      return {
        queue: 'vision.extract_text',
        id,
        payload: { image_sha256: action.jobScreenshotSha256!, ...(region ? { region } : {}), ...(relative ? { clip: true } : {}), timeout_ms: spec.job_timeout_ms },
        opts: { jobId: id, attempts: (spec.retries ?? 0) + 1, backoff: { type: 'fixed', delay: BACKOFF_MS } },
      }
    }
    case 't2a': {
      const value = (session.variables as Record<string, unknown>)[spec.input!]
      return {
        queue: 'llm.t2a_decision',
        id,
        payload: { record_text: typeof value === 'string' ? value : JSON.stringify(value ?? ''), timeout_ms: spec.job_timeout_ms },
        opts: { jobId: id, attempts: (spec.retries ?? 0) + 1, backoff: { type: 'fixed', delay: BACKOFF_MS } },
      }
    }
  }
}

/**
 * An area recorded next to an anchor, placed next to where the anchor was found: moved with it and scaled as it was
 * (the found box's width over the recorded one). Both rectangles of the recording are in the recorded screen's pixels.
 */
export function placeRelative(area: Rect, recorded: Rect, found: Rect): Rect {
  const k = found.width / recorded.width
  return {
    x: Math.max(0, Math.round(found.x + (area.x - recorded.x) * k)),
    y: Math.max(0, Math.round(found.y + (area.y - recorded.y) * k)),
    width: Math.max(1, Math.round(area.width * k)),
    height: Math.max(1, Math.round(area.height * k)),
  }
}

/** When a running job is given up on: every attempt timed out, with backoff, plus a dead worker's lock running out. */
export function jobDeadlineMs(kind: ReplayJobKind, spec: ActionSpec, lockGraceMs: number): number {
  if (kind === 'resolve') return RESOLVE_JOB_TIMEOUT_MS + lockGraceMs
  const attempts = (spec.retries ?? 0) + 1
  return attempts * (spec.job_timeout_ms ?? 0) + (attempts - 1) * BACKOFF_MS + attempts * lockGraceMs
}
