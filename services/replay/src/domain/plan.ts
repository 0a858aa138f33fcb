import type { ActionKind, Rect, Screen } from '@rpa-vision/contracts'

/** The anchor reference an action carries: images by hash, never bytes. */
export interface AnchorRef {
  image_sha256: string
  bbox: Rect
  screen: Screen
  target_text?: string
  screenshot_sha256?: string
}

/** Everything an action needs, compiled once at session start; `text` keeps its placeholders until delivery. */
export interface ActionSpec {
  button?: 'left' | 'right' | 'middle'
  clicks?: number
  /** a click that gives focus to the field the next action types into */
  pre_click?: boolean
  text?: string
  /** the text names a secret variable: masked in reads, flagged to the agent */
  secret?: boolean
  keys?: string[]
  dx?: number
  dy?: number
  ms?: number
  anchor?: AnchorRef
  /** the recorded bbox centre, kept as evidence and as the resolver's position prior, never clicked blindly */
  hint?: { x: number; y: number }
  visual_mode?: 'auto' | 'template' | 'text'
  /** how long an anchored step looks for its target */
  timeout_ms?: number
  /** server-side steps: the output variable, the input variable, the area to read, the retry policy */
  variable?: string
  input?: string
  region?: Rect
  retries?: number
  job_timeout_ms?: number
}

export interface PlannedAction {
  seq: number
  stepId: string
  stepType: string
  kind: ActionKind
  spec: ActionSpec
}

export function needsAnchorResolution(spec: ActionSpec): boolean {
  return spec.anchor !== undefined
}
