import t from 'tap'
import { createBackoff } from '../src/index.js'

t.test('doubles from 200 ms to a 5 s cap, keeping half of each delay and drawing the other half', async (t) => {
  const low = createBackoff({ random: () => 0 })
  t.same(Array.from({ length: 8 }, () => low.next()), [100, 200, 400, 800, 1600, 2500, 2500, 2500])
  const high = createBackoff({ random: () => 0.999999 })
  t.same(Array.from({ length: 8 }, () => high.next()), [200, 400, 800, 1600, 3200, 5000, 5000, 5000])
  t.equal(high.failures, 8)
})

t.test('a success starts over from the first delay', async (t) => {
  const b = createBackoff({ initialMs: 10, maxMs: 1000, random: () => 0.999999 })
  b.next()
  b.next()
  t.equal(b.next(), 40)
  b.reset()
  t.equal(b.failures, 0)
  t.equal(b.next(), 10)
})

t.test('with the real random source every delay stays within its bounds', async (t) => {
  const b = createBackoff()
  for (let i = 0; i < 50; i++) {
    const ceiling = Math.min(5000, 200 * 2 ** i)
    const d = b.next()
    t.ok(d >= ceiling / 2 && d <= ceiling, `attempt ${i + 1}: ${d} in [${ceiling / 2}, ${ceiling}]`)
  }
})
