/**
 * `rpa record --driver desktop` as a user runs it: the CLI in a process of its own on a private Xvfb, with a real
 * Chromium full screen on it; the input is made through XTEST by a DesktopDriver in this process (the recorder's hook
 * hears it as it hears a real keyboard and mouse), then the CLI is stopped with SIGINT, as Ctrl-C does.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import sharp from 'sharp'
import type { LearnedClickEvent, LearnedKeyEvent, LearnedWorkflowBody } from '@rpa-vision/contracts'
import { openDesktopPage, startXvfb, waitUntil, which, type DesktopPage } from '../../agent/test/desktop-fixture.js'
import { runCli } from '../src/index.js'
import { capture } from './helpers/io.js'
import { LEARNED_ID, startLearnGateway } from './helpers/learn-gateway.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const NODE_ARGS = ['--conditions=@rpa-vision/source', '--import', 'tsx']

interface Child {
  proc: ChildProcess
  readonly out: string
  readonly err: string
  exited: Promise<number | null>
}

/** `rpa …` in a process of its own, from the repository's root. */
function spawnRpa(t: Test, argv: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [...NODE_ARGS, 'packages/cli/src/main.ts', ...argv], {
    cwd: ROOT, env: { ...process.env, RPA_URL: 'http://127.0.0.1:9', RPA_TOKEN: 'x', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)))
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  })
  return { proc, exited, get out() { return out }, get err() { return err } }
}

t.test('the command line: browser-only options refused, the layout checked, a display asked for', async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['--url', 'http://127.0.0.1:9/'], { DISPLAY: ':0' }, /error USAGE: --url is for --driver browser only\nusage: rpa record --driver desktop --name NAME/],
    [['--viewport', '1280x800'], { DISPLAY: ':0' }, /error USAGE: --viewport is for --driver browser only/],
    [['--scale', '1.25'], { DISPLAY: ':0' }, /error USAGE: --scale is for --driver browser only/],
    [['--layout', 'de'], { DISPLAY: ':0' }, /error USAGE: --layout must be one of us, fr; got "de"/],
    [['--no-upload'], { DISPLAY: ':0' }, /--no-upload keeps the trace only in --out FILE/],
    ...(process.platform === 'linux' ? [[[], {}, /error USAGE: a display is needed: rpa record --driver desktop records the X screen named by DISPLAY, which is not set/] as [string[], Record<string, string>, RegExp]] : []),
  ]
  for (const [extra, env, message] of cases) {
    const out = capture()
    const err = capture()
    const code = await runCli(['record', '--driver', 'desktop', '--name', 'X', ...extra], { env: { RPA_URL: 'http://127.0.0.1:9', RPA_TOKEN: 'x', ...env }, out, err })
    t.equal(code, 2, extra.join(' ') || 'no DISPLAY')
    t.match(err.text, message)
  }
  const out = capture()
  t.equal(await runCli(['record', '--help'], { env: {}, out, err: capture() }), 0)
  t.match(out.text, /usage: rpa record --driver desktop --name NAME \[--description TEXT\] \[--layout us\|fr\]/)
  t.match(out.text, /--driver desktop: the whole screen is recorded.*press Ctrl-C here/s)
})

t.test('the CLI and the agent package load no native module until a screen is recorded', async (t) => {
  const probe = [
    'const opened = []; const dlopen = process.dlopen',
    'process.dlopen = function (m, file, ...rest) { opened.push(file); return dlopen.call(this, m, file, ...rest) }',
    "await import('@rpa-vision/agent'); await import('./packages/cli/src/index.ts')",
    'console.log(JSON.stringify(opened))',
  ].join('\n')
  const child = spawn(process.execPath, [...NODE_ARGS, '--input-type=module', '-e', probe], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  t.equal(await new Promise((resolve) => child.once('close', resolve)), 0)
  t.same(JSON.parse(out), [], 'no .node file opened (nut-js, uiohook-napi and sharp are loaded when used)')
})

t.test('where the desktop cannot be recorded: DRIVER_UNAVAILABLE with the reason, exit 1', { skip: process.platform !== 'linux' && 'Linux only' }, async (t) => {
  const noServer = spawnRpa(t, ['record', '--driver', 'desktop', '--name', 'X'], { DISPLAY: ':4093' })
  t.equal(await noServer.exited, 1)
  t.match(noServer.err, /^error DRIVER_UNAVAILABLE: the X display :4093 does not accept connections/m)
  if (!which('Xvfb')) return
  const xvfb = await startXvfb(640, 480, { record: false })
  const noRecord = spawnRpa(t, ['record', '--driver', 'desktop', '--name', 'X'], { DISPLAY: xvfb.display })
  t.equal(await noRecord.exited, 1)
  t.match(noRecord.err, new RegExp(`^error DRIVER_UNAVAILABLE: the X server ${xvfb.display} has no RECORD extension, which the input hook needs`, 'm'))
  t.notMatch(noRecord.err, /recording the screen/)
})

const setup = await openDesktopPage(t)
if (typeof setup === 'string') t.test('rpa record --driver desktop on a real X server', { skip: setup }, async () => {})
else await onScreen(setup)

async function onScreen({ driver, page, at }: DesktopPage): Promise<void> {
  const display = process.env.DISPLAY!
  const btn = at('btn')
  const inp = at('inp')
  /** Long enough for the recorder to grab the screen again (every 300 ms while idle). */
  const pause = () => new Promise((r) => setTimeout(r, 700))

  /** Starts the recording, clicks the button, types into the input and presses Enter; the page saw each. */
  async function recordRoutine(t: Test, argv: string[], env: Record<string, string> = {}): Promise<Child> {
    const cli = spawnRpa(t, ['record', '--driver', 'desktop', '--name', 'Admission', ...argv], { DISPLAY: display, ...env })
    await waitUntil('the CLI to say it records', () => cli.err.includes('recording the screen… Ctrl-C to stop') || cli.proc.exitCode !== null, 60_000)
    t.equal(cli.proc.exitCode, null, `recording: ${cli.err}`)
    const clicks = () => page.events.filter((e) => e.type === 'click' && e.target === 'btn').length
    const before = clicks()
    await pause()
    await driver.click(btn.x, btn.y)
    await waitUntil('the page to see the click', () => clicks() === before + 1)
    await pause()
    await driver.click(inp.x, inp.y)
    await pause()
    await driver.type('dr.house')
    await waitUntil('the page to see the typing', () => page.events.some((e) => e.type === 'input' && e.value === 'dr.house'))
    await driver.hotkey(['enter'])
    await waitUntil('the page to see Enter', () => page.events.filter((e) => e.type === 'keydown' && e.key === 'Enter').length > 0)
    await driver.type('x')
    await driver.hotkey(['ctrl', 'c']) // Ctrl-C pressed on the screen: heard by the hook, not a step of the routine
    await pause()
    cli.proc.kill('SIGINT')
    return cli
  }

  t.test('recorded until SIGINT, the trace written to --out: the clicks where the button and the input are, every key, the screen', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'rpa-record-desktop-'))
    t.teardown(() => rm(dir, { recursive: true, force: true }))
    const file = join(dir, 'trace.json')
    const cli = await recordRoutine(t, ['--no-upload', '--out', file, '--layout', 'us'])
    t.equal(await cli.exited, 0, cli.err)
    t.equal(cli.out, '', 'nothing uploaded, nothing on stdout')
    t.match(cli.err, /^recorded 12 events \(2 clicks\) on a 1280×800 screen at scale 1$/m)
    t.match(cli.err, /trace written to .*trace\.json \(it holds what was typed/)
    t.notMatch(cli.err, /dr\.house/, 'what was typed is not printed')

    const trace = JSON.parse(await readFile(file, 'utf8')) as LearnedWorkflowBody
    t.equal(trace.name, 'Admission')
    t.same(trace.screen, { width: 1280, height: 800, scale: 1 })
    const [first, second, ...keys] = trace.events
    for (const [click, where] of [[first, btn], [second, inp]] as const) {
      t.equal(click?.type, 'click')
      const c = click as LearnedClickEvent
      t.ok(Math.abs(c.x - where.x) <= 3 && Math.abs(c.y - where.y) <= 3, `a click at ${c.x},${c.y}, by ${where.x},${where.y}`)
      const meta = await sharp(Buffer.from(c.screenshot, 'base64')).metadata()
      t.same([meta.format, meta.width, meta.height], ['png', 1280, 800], 'with the whole screen')
    }
    t.ok(keys.every((e) => e.type === 'key'), 'then keys only')
    const typed = (keys as LearnedKeyEvent[]).map((k) => k.text ?? `[${k.key}]`).join('')
    t.equal(typed, 'dr.house[Enter]x', 'the keys in order, Enter as a key, the Ctrl-C that stopped it left out')
    t.same(keys.at(-1), { type: 'key', key: 'x', text: 'x', t_ms: keys.at(-1)!.t_ms })
  })

  t.test('uploaded as the browser recording is: the trace in the contract’s shape, the workflow printed', async (t) => {
    const gateway = await startLearnGateway()
    t.teardown(() => gateway.close())
    const cli = await recordRoutine(t, ['--description', 'admission aux urgences'], { RPA_URL: gateway.url })
    t.equal(await cli.exited, 0, cli.err)
    t.equal(gateway.received.length, 1)
    const body = gateway.received[0]!
    t.match(body, { name: 'Admission', description: 'admission aux urgences', screen: { width: 1280, height: 800, scale: 1 } })
    t.same(body.events.map((e) => e.type), ['click', 'click', ...Array(10).fill('key')])
    t.match(cli.out, new RegExp(`^learned workflow ${LEARNED_ID} "Admission": 2 steps, pending review$`, 'm'))
    t.match(cli.out, /^review it, then approve it: POST \/api\/v1\/workflows\/.+\/review/m)
  })
}
