import type { LogConfig } from '@rpa-vision/config'

export interface WorkflowsAppConfig {
  databaseUrl: string
  internalSecret: string
  imageMaxPixels: number
  screenshotTtlHours: number
  log: LogConfig | false
  /** how often expired transient screenshots are deleted */
  imageSweepIntervalMs?: number
}
