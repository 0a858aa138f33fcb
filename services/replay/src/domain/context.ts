import type { FastifyBaseLogger } from 'fastify'
import type pg from 'pg'
import type { Db } from '@rpa-vision/db'
import { schema } from '@rpa-vision/db'
import type { JobClient } from '@rpa-vision/queue'
import type { EventPublisher } from './events.js'

export type SessionRow = typeof schema.replaySessions.$inferSelect
export type ActionRow = typeof schema.replayActions.$inferSelect

export interface ReplaySettings {
  leaseMs: number
  stepTimeoutMs: number
  jobTimeoutMs: number
  agentTimeoutMs: number
  /** added to a job's own timeouts before it is given up on: a dead worker's lock must run out first */
  jobGraceMs: number
  retryAfterMs: number
  imageMaxPixels: number
  screenshotTtlMs: number
}

/** What the replay logic needs from the process: the database, the queues, the event channel, the settings. */
export interface ReplayContext {
  db: Db
  pool: pg.Pool
  jobs: JobClient
  events: EventPublisher
  settings: ReplaySettings
  secretKey: Buffer | undefined
  log: FastifyBaseLogger
}
