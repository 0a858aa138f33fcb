import { createRequire } from 'node:module'

/** The part of the `x11` package (a pure-JS X11 client, with no types of its own) that the desktop code uses. */
export interface X11Client {
  QueryExtension(name: string, cb: (err: Error | null, ext: { present: boolean }) => void): void
  GetKeyboardMapping(first: number, count: number, cb: (err: Error | null, rows: number[][]) => void): void
  ChangeKeyboardMapping(first: number, keysymsPerKeycode: number, keysyms: number[]): void
  require(ext: 'xtest', cb: (err: Error | null, xtest: XTest) => void): void
  sync(): Promise<void>
  close(cb?: (err?: Error) => void): void
  on(event: 'error', listener: (err: Error) => void): void
}

export interface XTest {
  KeyPress: number
  KeyRelease: number
  FakeInput(type: number, keycode: number, time: number, window: number, x: number, y: number): void
}

export interface X11Display {
  client: X11Client
  min_keycode: number
  max_keycode: number
}

interface X11Module {
  createClient(options: { display?: string }, cb: (err: Error | null, display: X11Display) => void): void
}

/** A connection of our own to the X server (Xauthority handled by the x11 package). */
export function connectX11(display = process.env.DISPLAY): Promise<X11Display> {
  const x11 = createRequire(import.meta.url)('x11') as X11Module
  return new Promise((resolve, reject) => x11.createClient({ display }, (err, d) => (err ? reject(err) : resolve(d))))
}

/** Whether the X server has an extension (uiohook-napi aborts the whole process when RECORD is missing). */
export async function x11HasExtension(name: string, display = process.env.DISPLAY): Promise<boolean> {
  const d = await connectX11(display)
  try {
    return await new Promise<boolean>((resolve, reject) => d.client.QueryExtension(name, (err, ext) => (err ? reject(err) : resolve(ext.present))))
  } finally {
    d.client.close()
  }
}
