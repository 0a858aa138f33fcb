import t from 'tap'
import type { AnchorInput, Rect, VisionResolveResult } from '@rpa-vision/contracts'
import { contextNote, settleAnchorBox, uniquenessOf, type Uniqueness } from '../src/domain/learn-ambiguity.js'
import { contextLadder, MAX_CONTEXT } from '../src/domain/learn-context.js'
import { toLearnedGraph } from '../src/domain/learn-nodes.js'
import type { ClickAt } from '../src/domain/learn-steps.js'

const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })
const screen = { width: 1024, height: 640 }

t.test('the ladder: centred exactly on the click, width then height ×1.5, up to 640×320, limited by the nearest edge', async (t) => {
  const field = { x: 325, y: 165, width: 300, height: 44 }
  const ladder = contextLadder(475, 187, field, screen)
  // ×1.5, and at least 12 px more on each side (the 44 px high field grows to 68, not 66)
  t.same(ladder.map((r) => [r.width, r.height]), [[450, 44], [450, 68], [640, 68], [640, 102], [640, 154], [640, 232], [640, 320]])
  for (const r of ladder) t.same(centre(r), { x: 475, y: 187 }, `${r.width}×${r.height} centred on the click`)

  const offCentre = contextLadder(340, 180, field, screen)
  t.same(offCentre[0], { x: 55, y: 151, width: 570, height: 58 }, 'a click off the control’s centre: first the box centred on it that holds the control')
  t.same(offCentre[1], { x: 20, y: 151, width: 640, height: 58 })

  const nearEdge = contextLadder(40, 600, { x: 10, y: 585, width: 60, height: 30 }, screen)
  t.ok(nearEdge.every((r) => r.x >= 0 && r.y >= 0 && r.x + r.width <= 1024 && r.y + r.height <= 640), 'inside the screen')
  t.same(nearEdge.at(-1), { x: 0, y: 560, width: 80, height: 80 }, 'as large as the nearest edges allow: 40 px each side')
  for (const r of nearEdge) t.same(centre(r), { x: 40, y: 600 })

  const hiDpi = contextLadder(600, 400, { x: 560, y: 380, width: 80, height: 40 }, { width: 1920, height: 1200, scale: 1.5 })
  t.same([hiDpi.at(-1)!.width, hiDpi.at(-1)!.height], [MAX_CONTEXT.width * 1.5, MAX_CONTEXT.height * 1.5], 'the limit in logical pixels')
  t.ok(hiDpi.length <= 14, `a small control reaches the limit in ${hiDpi.length} steps`)
  t.same(contextLadder(2, 300, { x: 0, y: 280, width: 40, height: 40 }, screen), [], 'no room around a click at the edge')
  t.same(contextLadder(100.6, 99.4, { x: 80, y: 90, width: 40, height: 20 }, screen).map(centre)[0], { x: 101, y: 99 }, 'a fractional click: the nearest pixel')
})

const result = (candidates: [number, number, number, number, number][]): VisionResolveResult => ({
  found: false, x: null, y: null, bbox: null, score: 0, method: 'none', scale: null, reason: null,
  candidates: candidates.map(([x, y, width, height, score]) => ({ x, y, bbox: { x, y, width, height }, score, method: 'template' })),
})

t.test('uniqueness: the box itself (±3 px) is no twin; another place scoring 0.8 or more is one', async (t) => {
  const box = { x: 100, y: 100, width: 60, height: 30 }
  t.same(uniquenessOf(result([[100, 100, 60, 30, 1], [300, 100, 60, 30, 0.79]]), box), { kind: 'checked', twins: [] })
  t.same(uniquenessOf(result([[101, 98, 61, 30, 0.99], [300, 100, 60, 30, 0.82], [100, 200, 60, 30, 1]]), box), {
    kind: 'checked',
    twins: [{ bbox: { x: 100, y: 200, width: 60, height: 30 }, score: 1 }, { bbox: { x: 300, y: 100, width: 60, height: 30 }, score: 0.82 }],
  }, 'best first')
  t.same(uniquenessOf(result([[300, 100, 60, 30, 1]]), box).kind, 'checked', 'the search overlooked the box itself: its twin still counts')
  const text = { ...result([[300, 100, 60, 30, 1]]) }
  text.candidates[0]!.method = 'text'
  t.same(uniquenessOf(text, box), { kind: 'checked', twins: [] }, 'template matches only')
})

t.test('settling: the element when alone; else the first unique box of the ladder; else the largest tried, ambiguous', async (t) => {
  const el = { x: 100, y: 100, width: 60, height: 30 }
  const ladder = [{ x: 85, y: 100, width: 90, height: 30 }, { x: 85, y: 93, width: 90, height: 44 }, { x: 62, y: 93, width: 136, height: 44 }]
  const twin = { bbox: { x: 0, y: 0, width: 1, height: 1 }, score: 1 }
  const script = (answers: Uniqueness[]) => {
    const asked: Rect[] = []
    return { asked, check: async (b: Rect) => (asked.push(b), answers[asked.length - 1]!) }
  }
  const alone = script([{ kind: 'checked', twins: [] }])
  t.match(await settleAnchorBox(el, ladder, alone.check), { bbox: el, outcome: 'element', twins: [] })
  t.equal(alone.asked.length, 1, 'one search')

  const grown = script([{ kind: 'checked', twins: [twin, twin] }, { kind: 'checked', twins: [twin] }, { kind: 'featureless' }, { kind: 'checked', twins: [] }])
  const g = await settleAnchorBox(el, ladder, grown.check)
  t.match(g, { bbox: ladder[2], outcome: 'context', late: false })
  t.same(g.tried.map((x) => x.twins), [2, 1, undefined, 0])
  t.equal(contextNote(g, el), 'context: the control (60×30) looked like 2 other places on the recording screen; cut 136×44 around the click to tell it apart')

  const never = script([{ kind: 'checked', twins: [twin, twin, twin] }, ...ladder.map(() => ({ kind: 'checked' as const, twins: [twin] }))])
  const n = await settleAnchorBox(el, ladder, never.check)
  t.match(n, { bbox: ladder[2], outcome: 'ambiguous', twinsLeft: [twin] })
  t.equal(contextNote(n, el), 'ambiguous: looks like 3 other places at learning time (even cut 136×44 around the click it looks like 1)')

  const late = script([{ kind: 'checked', twins: [twin] }, { kind: 'checked', twins: [twin] }, { kind: 'late' }])
  const l = await settleAnchorBox(el, ladder, late.check)
  t.match(l, { bbox: ladder[0], outcome: 'ambiguous', late: true })
  t.equal(contextNote(l, el), 'ambiguous: looks like 1 other place at learning time (even cut 90×30 around the click it looks like 1; the checks ran out of time)')
  const lateAtOnce = await settleAnchorBox(el, ladder, script([{ kind: 'checked', twins: [twin] }, { kind: 'late' }]).check)
  t.equal(contextNote(lateAtOnce, el), 'ambiguous: looks like 1 other place at learning time (the checks ran out of time before a larger box was tried)')
  t.match(await settleAnchorBox(el, ladder, script([{ kind: 'late' }]).check), { bbox: el, outcome: 'element', late: true }, 'no answer at all: the element, as before')
  t.match(await settleAnchorBox(el, ladder, script([{ kind: 'featureless' }]).check), { bbox: el, outcome: 'element' }, 'a flat picture: nothing to compare')
  t.equal(contextNote(await settleAnchorBox(el, [], script([{ kind: 'checked', twins: [twin] }]).check), el), 'ambiguous: looks like 1 other place at learning time (no room to grow around the click)')
})

t.test("the label of a node whose anchor is still ambiguous says so, within the label's 200 characters", async (t) => {
  const event = { type: 'click' as const, x: 10, y: 10, t_ms: 0, screenshot: '' }
  const click: ClickAt = { event, index: 0 }
  const anchor: AnchorInput = { image: '', bbox: { x: 0, y: 0, width: 20, height: 20 }, screen, target_text: 'O'.repeat(200) }
  const warn = () => 'ambiguous: looks like 9 other places'
  const graph = toLearnedGraph([{ kind: 'click', click }, { kind: 'type', text: 'x'.repeat(80), secret: false, fieldName: 'f'.repeat(64), click }], () => anchor, warn)
  t.equal(graph.nodes[0]!.label, `Click "${'O'.repeat(59)}…" — ambiguous: looks like 9 other places`)
  t.ok(graph.nodes[1]!.label!.length <= 200 && graph.nodes[1]!.label!.endsWith('" into ffff — ambiguous: looks like 9 other places'.replace('ffff', 'f'.repeat(64))), graph.nodes[1]!.label!)
  t.equal(toLearnedGraph([{ kind: 'click', click }], () => anchor).nodes[0]!.label, `Click "${'O'.repeat(59)}…"`, 'no warning, no change')
})
