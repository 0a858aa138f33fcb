import { x11DisplayProblem } from './desktop-display.js'

export type Nut = typeof import('@nut-tree-fork/nut-js')

/** The desktop cannot be driven here; `reason` says why in one line (no display, native module would not load…). */
export class DesktopUnavailableError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`desktop driver unavailable: ${reason}`, options)
    this.name = 'DesktopUnavailableError'
  }
}

let loading: Promise<Nut> | undefined

/**
 * nut-js, loaded on first use only, so that the agent package loads where its native module (libnut) cannot:
 * a machine without an X server, a missing libXtst, an unsupported platform. The display is checked first, as
 * libnut crashes the process instead of throwing when it has none.
 */
export function loadNut(): Promise<Nut> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined
    throw e
  })
  return loading
}

async function load(): Promise<Nut> {
  const problem = await x11DisplayProblem()
  if (problem) throw new DesktopUnavailableError(problem)
  let nut: Nut
  try {
    nut = await import('@nut-tree-fork/nut-js')
  } catch (e) {
    throw new DesktopUnavailableError(`@nut-tree-fork/nut-js could not load its native module (${describe(e)})`, {
      cause: e,
    })
  }
  nut.mouse.config.autoDelayMs = 0
  nut.mouse.config.mouseSpeed = 100_000
  nut.keyboard.config.autoDelayMs = 0
  // KeyboardClass set libnut's own per-key delay to its default 300 ms when it was built: lower that one too.
  nut.providerRegistry.getKeyboard().setKeyboardDelay(2)
  return nut
}

/** The first line of an error, with the missing shared library named when that is the cause. */
export function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const lib = /([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file/.exec(message)
  if (lib) return `missing shared library ${lib[1]}`
  return message.split('\n')[0] ?? message
}
