import { connectX11, type X11Client, type XTest } from './desktop-x11.js'
import { XK_SHIFT_L, XK_SHIFT_R, impliedUpper, keysymsFor } from './desktop-x11-keysyms.js'

interface Stroke {
  keycode: number
  shift: boolean
}

/**
 * Types text on X11 through XTEST, the way xdotool does: each character's keysym is looked up in the server's
 * keyboard mapping (with Shift when it is on the second level), and a character the keymap lacks (é on a US keymap,
 * € …) is bound for the session to a keycode the keymap leaves empty, then restored on close. libnut's own typing
 * is not usable there: it presses Shift only for upper-case letters ('!' comes out as '1') and truncates anything
 * beyond ASCII to a byte.
 */
export class X11Typist {
  private readonly strokes = new Map<number, Stroke>()
  private readonly spare: number[] = []
  private readonly bound: number[] = []
  private lastError: Error | undefined

  private constructor(
    private readonly client: X11Client,
    private readonly xtest: XTest,
    private readonly keysymsPerKeycode: number,
    private readonly shiftKeycode: number,
    rows: number[][],
    minKeycode: number,
  ) {
    client.on('error', (e) => (this.lastError = e))
    rows.forEach((row, i) => {
      const keycode = minKeycode + i
      if (row.every((k) => k === 0)) {
        this.spare.push(keycode)
        return
      }
      const [plain = 0, shifted = 0] = row
      this.learn(plain, { keycode, shift: false })
      this.learn(shifted || impliedUpper(plain), { keycode, shift: true })
    })
  }

  static async open(display = process.env.DISPLAY): Promise<X11Typist> {
    const d = await connectX11(display)
    const client = d.client
    const xtest = await new Promise<XTest>((resolve, reject) =>
      client.require('xtest', (err, ext) => (err ? reject(new Error(`XTEST: ${err.message}`)) : resolve(ext))),
    )
    const rows = await new Promise<number[][]>((resolve, reject) =>
      client.GetKeyboardMapping(d.min_keycode, d.max_keycode - d.min_keycode + 1, (err, rows) => (err ? reject(err) : resolve(rows))),
    )
    const perKeycode = rows[0]?.length ?? 0
    const shift = rows.findIndex((row) => row[0] === XK_SHIFT_L || row[0] === XK_SHIFT_R)
    if (perKeycode < 2 || shift < 0) {
      client.close()
      throw new Error('the X keyboard mapping has no Shift key')
    }
    return new X11Typist(client, xtest, perKeycode, d.min_keycode + shift, rows, d.min_keycode)
  }

  /**
   * Characters the keymap lacks are bound first, for the whole text, then the keys are pressed: a client learns of a
   * keymap change from an event it handles on its own time (Chromium's lags behind the next key press), so a new
   * binding is given `settleMs` before its first use. Bindings are kept for the session: that wait is paid once per
   * new character.
   */
  async type(text: string, settleMs = 50): Promise<void> {
    let chunk: Stroke[] = []
    let rebound = false
    const flush = async (): Promise<void> => {
      if (rebound) {
        await this.client.sync()
        await new Promise((r) => setTimeout(r, settleMs))
      }
      const { KeyPress, KeyRelease } = this.xtest
      for (const stroke of chunk) {
        if (stroke.shift) this.xtest.FakeInput(KeyPress, this.shiftKeycode, 0, 0, 0, 0)
        this.xtest.FakeInput(KeyPress, stroke.keycode, 0, 0, 0, 0)
        this.xtest.FakeInput(KeyRelease, stroke.keycode, 0, 0, 0, 0)
        if (stroke.shift) this.xtest.FakeInput(KeyRelease, this.shiftKeycode, 0, 0, 0, 0)
      }
      await this.client.sync()
      if (this.lastError) throw this.lastError
      chunk = []
      rebound = false
    }
    for (const ch of text) {
      let stroke = this.known(ch)
      if (!stroke) {
        // Out of empty keycodes, the oldest borrowed one is rebound: type what uses it first.
        if (this.spare.length === 0 && chunk.some((s) => s.keycode === this.bound[0])) await flush()
        stroke = this.bind(ch)
        rebound = true
      }
      chunk.push(stroke)
    }
    await flush()
  }

  /** Gives the borrowed keycodes back to the keymap and disconnects. */
  async close(): Promise<void> {
    for (const keycode of this.bound) this.client.ChangeKeyboardMapping(keycode, this.keysymsPerKeycode, new Array<number>(this.keysymsPerKeycode).fill(0))
    await new Promise<void>((resolve) => this.client.close(() => resolve()))
  }

  private learn(keysym: number, stroke: Stroke): void {
    if (keysym === 0) return
    const known = this.strokes.get(keysym)
    if (!known || (known.shift && !stroke.shift)) this.strokes.set(keysym, stroke)
  }

  private known(ch: string): Stroke | undefined {
    for (const k of keysymsFor(ch)) {
      const stroke = this.strokes.get(k)
      if (stroke) return stroke
    }
    return undefined
  }

  /** Borrows an empty keycode (the oldest borrowed one once none is left), with the keysym on both levels so that
   * Shift or Caps Lock cannot change it. */
  private bind(ch: string): Stroke {
    const keysym = keysymsFor(ch).at(-1)
    if (keysym === undefined) throw new Error(`cannot type ${JSON.stringify(ch)}`)
    const keycode = this.spare.shift() ?? this.bound.shift()
    if (keycode === undefined) throw new Error(`no free keycode to type ${JSON.stringify(ch)}`)
    for (const [k, s] of this.strokes) if (s.keycode === keycode) this.strokes.delete(k)
    this.bound.push(keycode)
    const row = new Array<number>(this.keysymsPerKeycode).fill(0)
    row[0] = keysym
    row[1] = keysym
    this.client.ChangeKeyboardMapping(keycode, this.keysymsPerKeycode, row)
    const stroke = { keycode, shift: false }
    this.strokes.set(keysym, stroke)
    return stroke
  }
}
