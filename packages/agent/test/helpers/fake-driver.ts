import type { MouseButton, ScreenDriver, ScreenInfo } from '../../src/index.js'

/** A screen that records what it is asked to do; `failWith` makes the next action throw. */
export class FakeDriver implements ScreenDriver {
  readonly kind = 'browser' as const
  readonly calls: string[] = []
  screenshots = 0
  failWith: Error | undefined
  failScreenshots = false

  constructor(
    private readonly png: Buffer,
    private readonly scale = 1.25,
  ) {}

  async screenshot(): Promise<Buffer> {
    if (this.failScreenshots) throw new Error('no display')
    this.screenshots++
    return this.png
  }

  async info(): Promise<ScreenInfo> {
    return { width: 64, height: 48, scale: this.scale }
  }

  private record(call: string): void {
    const err = this.failWith
    this.failWith = undefined
    if (err) throw err
    this.calls.push(call)
  }

  async click(x: number, y: number, options: { button?: MouseButton; clicks?: number } = {}): Promise<void> {
    this.record(`click ${x},${y} ${options.button} ×${options.clicks}`)
  }

  async type(text: string): Promise<void> {
    this.record(`type ${text}`)
  }

  async hotkey(keys: string[]): Promise<void> {
    this.record(`hotkey ${keys.join('+')}`)
  }

  async scroll(dx: number, dy: number, at?: { x: number; y: number }): Promise<void> {
    this.record(`scroll ${dx},${dy}${at ? ` at ${at.x},${at.y}` : ''}`)
  }

  async close(): Promise<void> {}
}
