import type { LogConfig } from '@rpa-vision/config'

export interface WorkflowsAppConfig {
  databaseUrl: string
  internalSecret: string
  imageMaxPixels: number
  screenshotTtlHours: number
  log: LogConfig | false
  /** how often expired transient screenshots are deleted */
  imageSweepIntervalMs?: number
  /** Redis of the vision queues, for learning traces (without it, POST /learned-workflows answers 503) */
  redisUrl?: string
  queuePrefix?: string
  /** REPLAY_SECRET_KEY: seals what a learned trace typed into password fields (without it, such a trace is refused) */
  secretKey?: string | undefined
  /** how long learning one trace waits for the vision workers */
  learnTimeoutMs?: number
}
