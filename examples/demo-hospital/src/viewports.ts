/** The two screens the demo is made for: where a routine is recorded, and where it is replayed. */
export interface DemoViewport {
  /** CSS pixels */
  width: number
  height: number
  deviceScaleFactor: number
}

/** Recording: a 1280×800 window at display scale 1. */
export const RECORD_VIEWPORT: DemoViewport = { width: 1280, height: 800, deviceScaleFactor: 1 }
/** Replay: a window of about 1200×760 CSS px at display scale 1.25 (1500×950 device pixels). */
export const REPLAY_VIEWPORT: DemoViewport = { width: 1200, height: 760, deviceScaleFactor: 1.25 }
/** Every element the workflow needs fits in this box (CSS px, from the top left), on every page, without scrolling. */
export const FIT_BOX = { width: 1200, height: 700 } as const
