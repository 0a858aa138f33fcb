import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../src/index.js'
import { makePng } from '../../../test/helpers/images.js'
import { cropPng, syntheticScreen } from '../../../test/helpers/synthetic-screen.js'
import { capture } from './helpers/io.js'

const dir = await mkdtemp(join(tmpdir(), 'rpa-resolve-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
const screen = await syntheticScreen()
const target = screen.buttons.Rechercher
const files = {
  screen: join(dir, 'cases', 'screen.png'),
  anchor: join(dir, 'cases', 'anchor.png'),
  // a picture that is nowhere on the screen
  ghost: join(dir, 'cases', 'ghost.png'),
}
await mkdir(join(dir, 'cases'))
await writeFile(files.screen, screen.png)
await writeFile(files.anchor, await cropPng(screen.png, target))
await writeFile(files.ghost, await makePng(180, 56, 11))

/** `rpa resolve …` in this process, with no server anywhere. */
async function resolve(...args: string[]) {
  const out = capture()
  const err = capture()
  const code = await runCli(['resolve', ...args], { env: {}, out, err })
  return { code, out: out.text, err: err.text }
}

const inside = (p: { x: number | null; y: number | null }, r: typeof target) =>
  p.x !== null && p.y !== null && p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height

t.test('one anchor on one screenshot: the VisionResolveResult as JSON', async (t) => {
  const bbox = `${target.x},${target.y},${target.width},${target.height}`
  const r = await resolve('--screenshot', files.screen, '--anchor', files.anchor, '--bbox', bbox, '--screen', '960x540@1', '--context', files.screen)
  t.equal(r.code, 0, r.err)
  const result = JSON.parse(r.out)
  t.match(result, { found: true, method: 'template', bbox: target, scale: Number, candidates: Array })
  t.ok(inside(result, target))
})

t.test('--batch: one JSON line per case, paths relative to the file, each with its resolve time', async (t) => {
  const batch = join(dir, 'cases', 'batch.jsonl')
  const lines = [
    { id: 'found', screenshot: 'screen.png', anchor: { image: 'anchor.png', bbox: target, screen: { width: 960, height: 540 }, context_image: 'screen.png' } },
    { id: 'ghost', screenshot: 'screen.png', anchor: { image: 'ghost.png' } },
    { id: 3, screenshot: 'screen.png', anchor: { image: 'ghost.png', target_text: 'Valider' } },
  ]
  await writeFile(batch, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
  const r = await resolve('--batch', batch)
  t.equal(r.code, 0, r.err)
  const out = r.out.trimEnd().split('\n').map((l) => JSON.parse(l))
  t.equal(out.length, 3)
  for (const o of out) {
    t.same(Object.keys(o), ['id', 'found', 'x', 'y', 'score', 'method', 'ms'])
    t.ok(typeof o.ms === 'number' && o.ms >= 0, `ms of ${o.id}`)
  }
  t.match(out[0], { id: 'found', found: true, method: 'template' })
  t.ok(inside(out[0], target))
  t.match(out[1], { id: 'ghost', found: false, x: null, y: null, method: 'none' })
  t.match(out[2], { id: 3, found: true, method: /^text/ }, 'found by reading the screen (the OCR pool started for it)')
  t.ok(inside(out[2], screen.buttons.Valider))
})

t.test('a wrong command line exits 2 with the usage, before loading anything', async (t) => {
  const cases: [string[], RegExp][] = [
    [[], /--screenshot and --anchor are required \(or --batch FILE\)/],
    [['--screenshot', files.screen], /--screenshot and --anchor are required/],
    [['--batch', 'x.jsonl', '--anchor', files.anchor], /--batch takes its cases from the file; --anchor does not go with it/],
    [['--screenshot', files.screen, '--anchor', files.anchor, '--bbox', '1,2,3'], /--bbox must be x,y,width,height/],
    [['--screenshot', files.screen, '--anchor', files.anchor, '--bbox', '1,2,0,4'], /--bbox must be/],
    [['--screenshot', files.screen, '--anchor', files.anchor, '--screen', '1920'], /--screen must be WIDTHxHEIGHT/],
    [['--screenshot', files.screen, '--anchor', files.anchor, '--screen', '1920x1080@0'], /--screen must be/],
    [['--screenshot', files.screen, '--anchor', files.anchor, 'extra'], /unexpected argument "extra"/],
    [['--colour', 'red'], /Unknown option '--colour'/],
  ]
  for (const [args, message] of cases) {
    const r = await resolve(...args)
    t.equal(r.code, 2, args.join(' '))
    t.match(r.err, message)
    t.match(r.err, /^usage: rpa resolve --screenshot FILE --anchor FILE/m)
    t.equal(r.out, '')
  }
  const help = await resolve('--help')
  t.equal(help.code, 0)
  t.match(help.out, /usage: rpa resolve --batch FILE\.jsonl/)
})

t.test('unreadable files and bad batch lines: exit 1 naming the file and line', async (t) => {
  const missing = await resolve('--screenshot', join(dir, 'nope.png'), '--anchor', files.anchor)
  t.equal(missing.code, 1)
  t.match(missing.err, /^error READ_FAILED: cannot read .*nope\.png/)
  const notImage = await resolve('--screenshot', files.screen, '--anchor', join(dir, 'cases', 'batch.jsonl'))
  t.equal(notImage.code, 1)
  t.match(notImage.err, /^error RESOLVE_FAILED: /)

  const bad = join(dir, 'bad.jsonl')
  await writeFile(bad, `${JSON.stringify({ id: 1, screenshot: 's.png', anchor: { image: 'a.png' } })}\n\n{"id": 2, "screenshot": "s.png"}\n`)
  const r = await resolve('--batch', bad)
  t.equal(r.code, 1)
  t.equal(r.err, `error INVALID_BATCH: ${bad}:3: the case must have required properties anchor\n`)
  t.equal(r.out, '', 'nothing ran')
  await writeFile(bad, '{"id": 1,\n')
  t.match((await resolve('--batch', bad)).err, `${bad}:1: not JSON`)
})
