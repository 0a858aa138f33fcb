import { connect } from 'node:net'

/**
 * On Linux, libnut and uiohook talk to an X server, and libnut crashes the whole process (SIGSEGV after "Could not open
 * main display") when it cannot open one. So before any native call, check that the display named by DISPLAY
 * accepts a connection. Returns why it cannot be used, or null when it can (and on other platforms).
 */
export async function x11DisplayProblem(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  if (platform !== 'linux') return null
  const display = env.DISPLAY
  if (!display) {
    return env.WAYLAND_DISPLAY
      ? 'DISPLAY is not set: a Wayland session needs XWayland (DISPLAY) for desktop automation'
      : 'DISPLAY is not set: no X server to drive (run under an X session or Xvfb)'
  }
  const m = /^(.*):(\d+)(?:\.\d+)?$/.exec(display)
  if (!m) return `DISPLAY=${display} is not of the form [host]:N[.S]`
  const host = m[1] ?? ''
  const n = Number(m[2])
  const targets: ConnectTarget[] =
    host === '' || host === 'unix'
      ? [{ path: `/tmp/.X11-unix/X${n}` }, { path: `\0/tmp/.X11-unix/X${n}` }]
      : host.startsWith('/')
        ? [{ path: `${host}:${n}` }]
        : [{ host, port: 6000 + n }]
  const errors: string[] = []
  for (const target of targets) {
    const err = await tryConnect(target)
    if (err === null) return null
    errors.push(err)
  }
  return `the X display ${display} does not accept connections (${errors.join('; ')})`
}

type ConnectTarget = { path: string } | { host: string; port: number }

function tryConnect(target: ConnectTarget, timeoutMs = 2000): Promise<string | null> {
  const where = 'path' in target ? target.path.replace('\0', '@') : `${target.host}:${target.port}`
  return new Promise((resolve) => {
    const socket = connect(target)
    const timer = setTimeout(() => finish(`${where}: no answer in ${timeoutMs} ms`), timeoutMs)
    function finish(result: string | null): void {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    socket.once('connect', () => finish(null))
    socket.once('error', (e: NodeJS.ErrnoException) => finish(`${where}: ${e.code ?? e.message}`))
  })
}
