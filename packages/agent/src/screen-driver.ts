/**
 * What the replay agent needs from a screen: look at it, and act on it. Every coordinate is in the pixels of the
 * driver's own screenshots (device pixels: on a screen scaled to 125 %, a 1536×864 CSS-pixel window is 1920×1080),
 * so the server's resolved points can be used as they come.
 */
export type MouseButton = 'left' | 'right' | 'middle'

export interface ScreenInfo {
  /** screenshot pixels */
  width: number
  height: number
  /** device pixels per logical pixel (the OS or browser display scaling) */
  scale: number
}

export interface ScreenDriver {
  readonly kind: 'desktop' | 'browser'
  /** the whole screen (or page viewport) as PNG, in device pixels */
  screenshot(): Promise<Buffer>
  info(): Promise<ScreenInfo>
  click(x: number, y: number, options?: { button?: MouseButton; clicks?: number }): Promise<void>
  /** types text into whatever has the focus */
  type(text: string): Promise<void>
  /** a key combination, e.g. ["ctrl", "s"] or ["enter"]; names are case-insensitive */
  hotkey(keys: string[]): Promise<void>
  /** wheel steps (one notch each); over (x, y) when given */
  scroll(dx: number, dy: number, at?: { x: number; y: number }): Promise<void>
  close(): Promise<void>
}
