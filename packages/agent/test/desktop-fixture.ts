/**
 * What the desktop tests stand on: a private X server (Xvfb, on a display number it picks itself), a page that reports
 * every click, key, input and scroll back to a local HTTP server, and a real (non-headless) Chromium showing it
 * full screen on that display.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Test as Tap } from 'tap'
import type { DesktopDriver } from '../src/drivers/desktop.js'

export interface Box {
  left: number
  top: number
  width: number
  height: number
}

/** The first executable of that name on PATH, or null. */
export function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() : null
}

export async function waitUntil<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

function stopProcess(child: ChildProcess, group = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve()
  const exited = once(child, 'exit').then(() => undefined)
  const kill = (signal: NodeJS.Signals): void => {
    try {
      if (group) process.kill(-child.pid!, signal)
      else child.kill(signal)
    } catch {
      // already gone
    }
  }
  kill('SIGTERM')
  const timer = setTimeout(() => kill('SIGKILL'), 3000)
  return exited.finally(() => clearTimeout(timer))
}

export interface Xvfb {
  /** e.g. ":3" */
  display: string
  /** Ends the server; without this, it ends when this process does. */
  stop(): Promise<void>
}

/**
 * Xvfb at width×height×24 with the RECORD (uiohook) and XTEST (libnut) extensions (neither with record: false), on a
 * free display it picks itself.
 * A shell watches this process and ends the server once it is gone: libnut keeps its X connection until the process
 * exits, closes it from an exit hook, and Xlib then ends the process with status 1 ("XIO: fatal IO error") if the
 * server is already gone — which it would be if it were stopped in a teardown, or tied to a pipe that Node closes
 * before those hooks run.
 */
export async function startXvfb(width = 1280, height = 800, opts: { record?: boolean } = {}): Promise<Xvfb> {
  // Debian's Xvfb turns RECORD and XTEST on and off together: without RECORD, there is no XTEST either.
  const extensions = opts.record === false ? ['-extension', 'RECORD'] : ['+extension', 'RECORD', '+extension', 'XTEST']
  const args = ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, ...extensions, '-nolisten', 'tcp', '-noreset']
  const log = join(tmpdir(), `rpa-xvfb-${process.pid}-${Date.now()}.log`)
  const logFd = openSync(log, 'w')
  const script = 'Xvfb "$@" & x=$!; trap "kill $x" TERM; while kill -0 "$WATCHED" 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 0.2; done; kill $x 2>/dev/null; wait $x'
  const child = spawn('sh', ['-c', script, 'xvfb-while-watched-lives', ...args], {
    stdio: ['ignore', 'ignore', logFd, 'pipe'],
    env: { ...process.env, WATCHED: String(process.pid) },
  })
  closeSync(logFd)
  const fd3 = child.stdio[3] as Socket
  try {
    const display = await new Promise<string>((resolve, reject) => {
      let out = ''
      fd3.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('\n')) resolve(`:${out.trim()}`)
      })
      child.once('error', reject)
      // after it was ready (stop()), the log is gone and the promise settled: nothing to say
      child.once('exit', (code) => {
        let tail = ''
        try {
          tail = readFileSync(log, 'utf8').trim().slice(-500)
        } catch {
          return
        }
        reject(new Error(`Xvfb exited (${code}) before it was ready: ${tail}`))
      })
    })
    fd3.destroy()
    child.unref()
    return {
      display,
      stop: () => {
        const exited = child.exitCode !== null ? Promise.resolve() : once(child, 'exit').then(() => undefined)
        child.kill('SIGTERM')
        return exited
      },
    }
  } finally {
    rmSync(log, { force: true })
  }
}

export interface PageEvent {
  type: string
  [k: string]: unknown
}

export interface PageServer {
  url: string
  events: PageEvent[]
  /** the first event (already arrived or to come) that matches */
  next(what: string, match: (e: PageEvent) => boolean, timeoutMs?: number): Promise<PageEvent>
  close(): Promise<void>
}

/**
 * The page: a red block (200×100) top left, a button that turns the block blue on each click (and reports left and
 * right clicks), a green block that reports clicks and double clicks, a text input, and a tall body to scroll. Everything is `position: fixed` but the body
 * height, so scrolling moves nothing the tests aim at.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>desktop test</title>
<style>
  html, body { margin: 0; background: #fff; }
  body { height: 6000px; width: 6000px; }
  #marker { position: fixed; left: 0; top: 0; width: 200px; height: 100px; background: rgb(255, 0, 0); }
  #marker.pressed { background: rgb(0, 0, 255); }
  #btn { position: fixed; left: 300px; top: 200px; width: 200px; height: 80px; font-size: 20px; }
  #dbl { position: fixed; left: 800px; top: 200px; width: 200px; height: 80px; background: rgb(0, 160, 0); }
  #inp { position: fixed; left: 300px; top: 350px; width: 400px; height: 40px; font-size: 20px; }
</style></head>
<body>
<div id="marker"></div>
<button id="btn">Press</button>
<div id="dbl"></div>
<input id="inp" autocomplete="off" spellcheck="false">
<script>
  let chain = Promise.resolve()
  const post = (e) => { chain = chain.then(() => fetch('/event', { method: 'POST', body: JSON.stringify(e) })).catch(() => {}) }
  const rect = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width, height: r.height } }
  const btn = document.getElementById('btn'), inp = document.getElementById('inp'), marker = document.getElementById('marker'), dbl = document.getElementById('dbl')
  btn.addEventListener('click', (e) => { marker.classList.toggle('pressed'); post({ type: 'click', target: 'btn', button: e.button, detail: e.detail, x: e.clientX, y: e.clientY }) })
  btn.addEventListener('contextmenu', (e) => { e.preventDefault(); post({ type: 'contextmenu', button: e.button, x: e.clientX, y: e.clientY }) })
  dbl.addEventListener('click', (e) => post({ type: 'click', target: 'dbl', button: e.button, detail: e.detail }))
  dbl.addEventListener('dblclick', (e) => post({ type: 'dblclick', target: 'dbl', x: e.clientX, y: e.clientY }))
  inp.addEventListener('input', () => post({ type: 'input', value: inp.value }))
  document.addEventListener('keydown', (e) => post({ type: 'keydown', key: e.key, ctrl: e.ctrlKey, shift: e.shiftKey, alt: e.altKey }))
  addEventListener('scroll', () => post({ type: 'scroll', x: scrollX, y: scrollY }))
  post({ type: 'ready', marker: rect(marker), btn: rect(btn), dbl: rect(dbl), inp: rect(inp), dpr: devicePixelRatio, inner: { width: innerWidth, height: innerHeight } })
</script>
</body></html>`

export async function startPageServer(): Promise<PageServer> {
  const events: PageEvent[] = []
  const waiters = new Set<() => void>()
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/event') {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        try {
          events.push(JSON.parse(body) as PageEvent)
        } catch {
          // ignore a malformed report
        }
        for (const w of waiters) w()
        res.writeHead(204).end()
      })
      return
    }
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE)
      return
    }
    res.writeHead(404).end()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    events,
    next(what, match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        let seen = 0
        const check = (): void => {
          for (; seen < events.length; seen++) {
            if (match(events[seen]!)) {
              done()
              resolve(events[seen]!)
              return
            }
          }
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`timed out after ${timeoutMs} ms waiting for the page to report ${what}; it reported ${JSON.stringify(events.slice(-10))}`))
        }, timeoutMs)
        const done = (): void => {
          clearTimeout(timer)
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface Browser {
  stop(): Promise<void>
}

/** Chromium, not headless, full screen (kiosk) on `display`, on a throw-away profile. */
export async function launchChromium(display: string, url: string): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'rpa-desktop-chromium-'))
  const child = spawn(
    'chromium',
    [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--disable-smooth-scrolling',
      '--disable-features=Translate,MediaRouter',
      '--password-store=basic',
      '--ozone-platform=x11',
      '--kiosk',
      '--window-position=0,0',
      `--user-data-dir=${profile}`,
      url,
    ],
    { env: { ...process.env, DISPLAY: display }, stdio: 'ignore', detached: true },
  )
  return {
    async stop() {
      await stopProcess(child, true)
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/** The bounding box of the pixels of one colour (±8 per channel) in a PNG, or null when there are none. */
export async function findColour(png: Buffer, rgb: [number, number, number]): Promise<Box | null> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let minX = Infinity
  let minY = Infinity
  let maxX = -1
  let maxY = -1
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * 3
      if (Math.abs(data[i]! - rgb[0]) <= 8 && Math.abs(data[i + 1]! - rgb[1]) <= 8 && Math.abs(data[i + 2]! - rgb[2]) <= 8) {
        if (x < minX) minX = x
        if (x > maxX) maxX = x
        if (y < minY) minY = y
        if (y > maxY) maxY = y
      }
    }
  }
  return maxX < 0 ? null : { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 }
}

export function centre(box: Box, offset: { x: number; y: number } = { x: 0, y: 0 }): { x: number; y: number } {
  return { x: Math.round(offset.x + box.left + box.width / 2), y: Math.round(offset.y + box.top + box.height / 2) }
}

export type Target = 'marker' | 'btn' | 'dbl' | 'inp'

export interface DesktopPage {
  driver: DesktopDriver
  page: PageServer
  /** the page's elements, in page (CSS) pixels */
  rects: Record<Target, Box>
  /** where the red block showed on the screen */
  marker: Box
  /** an element's centre, in screen pixels */
  at(target: Target): { x: number; y: number }
  /** the same in page pixels, as the page reports its events */
  inPage(point: { x: number; y: number }): { x: number; y: number }
}

/**
 * Xvfb (1280×800), this process's DISPLAY pointed at it, a DesktopDriver, the page in Chromium, full screen, painted.
 * A string when this machine cannot: why, for the test to skip with. Everything stops in `t`'s teardown.
 */
export async function openDesktopPage(t: Tap): Promise<DesktopPage | string> {
  if (process.platform !== 'linux') return 'proved on Linux under Xvfb only'
  const missing = ['Xvfb', 'chromium'].filter((c) => !which(c))
  if (missing.length) return `not installed: ${missing.join(', ')} (Debian packages xvfb, chromium)`
  const xvfb = await startXvfb(1280, 800)
  // libnut (and uiohook, and the typist) open the display named by DISPLAY, in this process.
  process.env.DISPLAY = xvfb.display
  const { createDesktopDriver, DesktopUnavailableError } = await import('../src/drivers/desktop.js')
  let driver: DesktopDriver
  try {
    driver = await createDesktopDriver()
  } catch (e) {
    if (e instanceof DesktopUnavailableError) return e.reason
    throw e
  }
  t.teardown(() => driver.close())
  const page = await startPageServer()
  t.teardown(() => page.close())
  const browser = await launchChromium(xvfb.display, page.url)
  t.teardown(() => browser.stop())

  const ready = await page.next('that it loaded', (e) => e.type === 'ready', 30_000)
  const rects = ready as unknown as Record<Target, Box>
  // Where the page's (0, 0) is on the screen: the red block, once Chromium has painted it whole.
  const marker = await waitUntil('the page’s red block, whole, on the screen', async () => {
    const box = await findColour(await driver.screenshot(), [255, 0, 0])
    return box?.width === rects.marker.width && box.height === rects.marker.height && box
  }, 20_000, 100)
  const origin = { x: marker.left - rects.marker.left, y: marker.top - rects.marker.top }
  return {
    driver,
    page,
    rects,
    marker,
    at: (target: Target) => centre(rects[target], origin),
    inPage: (p) => ({ x: p.x - origin.x, y: p.y - origin.y }),
  }
}
