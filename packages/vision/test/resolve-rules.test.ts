import t from 'tap'
import { checkDrift, chooseAmong, lookAlikes, scaleLadder, DRIFT_EXEMPT_SCORE, DRIFT_LIMIT } from '@rpa-vision/vision'

const screen = { width: 1920, height: 1080 }
const recorded = { x: 900, y: 500, width: 120, height: 32 }

t.test('drift: beyond 0.20 of the screen a match loses, unless its score is at least 0.95', async (t) => {
  const near = { ...recorded, x: 900 + 0.19 * 1920 }
  const far = { ...recorded, x: 900 + 0.21 * 1920 }
  t.equal(DRIFT_LIMIT, 0.2)
  t.equal(DRIFT_EXEMPT_SCORE, 0.95)
  t.notOk(checkDrift(near, 0.85, screen, recorded, screen).drifted, 'within the limit: kept')
  t.ok(checkDrift(far, 0.85, screen, recorded, screen).drifted, 'beyond the limit with 0.85: drifted')
  t.ok(checkDrift(far, 0.949, screen, recorded, screen).drifted, 'beyond the limit with 0.949: drifted')
  t.notOk(checkDrift(far, 0.95, screen, recorded, screen).drifted, 'beyond the limit with 0.95: the picture is there, the layout moved')
  const diagonal = { ...recorded, x: 900 + 0.15 * 1920, y: 500 + 0.15 * 1080 }
  t.ok(checkDrift(diagonal, 0.9, screen, recorded, screen).drifted, 'distance is measured in both axes (0.21 diagonally)')
  const rescaled = { x: 600, y: 333, width: 80, height: 21 }
  t.notOk(checkDrift(rescaled, 0.9, { width: 1280, height: 720 }, recorded, screen).drifted, 'positions are compared relative to each screen')
})

t.test('look-alikes: within 0.05 of the best; chosen by context, by far-apart position, or refused', async (t) => {
  const a = { bbox: { x: 100, y: 100, width: 50, height: 20 }, score: 0.99 }
  const b = { bbox: { x: 100, y: 140, width: 50, height: 20 }, score: 0.97 }
  const c = { bbox: { x: 100, y: 900, width: 50, height: 20 }, score: 0.9 }
  t.same(lookAlikes([a, b, c]), [a, b])
  const current = { width: 1920, height: 1080 }
  t.match(chooseAmong([a], { current }), { winner: a, by: 'unique' })
  t.match(chooseAmong([a, b], { contextScores: [0.7, 0.97], current }), { winner: b, by: 'context' })
  t.notOk(chooseAmong([a, b], { contextScores: [0.93, 0.95], current }).winner, 'context too close: refused')
  t.notOk(chooseAmong([a, b], { contextScores: [0.6, 0.85], current }).winner, 'context too weak: refused')
  const rec = { bbox: a.bbox, screen: current }
  t.notOk(chooseAmong([a, b], { recorded: rec, current }).winner, 'adjacent rows: position never chooses')
  const far = { bbox: { x: 1500, y: 900, width: 50, height: 20 }, score: 0.99 }
  t.match(chooseAmong([a, far], { recorded: rec, current }), { winner: a, by: 'position' })
  t.match(chooseAmong([a, b], { current }), { reason: /2 look-alikes/ })
})

t.test('scale ladder: the expected scale first, then the usual display scalings, covering 0.66–1.5', async (t) => {
  const ladder = scaleLadder([1])
  t.same(ladder.slice(0, 5), [1, 1.25, 0.8, 1.5, 0.667])
  t.ok(ladder.every((s) => s >= 0.66 && s <= 1.5))
  const sorted = [...ladder].sort((x, y) => x - y)
  for (let i = 1; i < sorted.length; i++) t.ok(sorted[i]! / sorted[i - 1]! <= 1.09, `no gap between ${sorted[i - 1]} and ${sorted[i]} beyond the ±3 % refinement`)
  t.equal(scaleLadder([0.5, 3])[0], 1, 'expectations out of range fall back to 1')
})
