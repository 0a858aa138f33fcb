import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '@rpa-vision/agent'

interface Teardown {
  teardown(fn: () => unknown): void
}

/**
 * A Chromium that outlives the agents driving it, as a desktop outlives a crashed agent process: its own process,
 * display scaling and window size set by flags (not by a client's emulation, which would die with the client),
 * reached over the DevTools protocol.
 */
export interface CdpBrowser {
  /** ws://… for playwright's chromium.connectOverCDP */
  wsUrl: string
  process: ChildProcess
}

export async function startCdpBrowser(t: Teardown, opts: { url: string; scale: number; window: { width: number; height: number } }): Promise<CdpBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cdp-chromium-'))
  const child = spawn(DEFAULT_CHROMIUM, [
    ...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`,
    `--force-device-scale-factor=${opts.scale}`, `--window-size=${opts.window.width},${opts.window.height}`, opts.url,
  ], { stdio: ['ignore', 'ignore', 'pipe'] })
  t.teardown(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGKILL')
      await exited
    }
    await rm(userDataDir, { recursive: true, force: true })
  })
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`chromium did not open its DevTools port: ${seen.slice(-500)}`)), 30_000)
    child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString()
      const m = /DevTools listening on (ws:\S+)/.exec(seen)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${seen.slice(-500)}`)))
  })
  child.stderr!.resume()
  return { wsUrl, process: child }
}
