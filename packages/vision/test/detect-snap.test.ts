import t from 'tap'
import { snapToElement } from '../src/detect/index.js'
import type { DetectedElement } from '../src/types.js'

const panel: DetectedElement = { bbox: { x: 0, y: 0, width: 800, height: 600 }, score: 0.3 }
const form: DetectedElement = { bbox: { x: 100, y: 100, width: 400, height: 300 }, score: 0.4 }
const button: DetectedElement = { bbox: { x: 120, y: 340, width: 100, height: 32 }, score: 0.9 }
const twin: DetectedElement = { bbox: { x: 120, y: 340, width: 100, height: 32 }, score: 0.95 }
const input: DetectedElement = { bbox: { x: 120, y: 120, width: 300, height: 30 }, score: 0.8 }
const elements = [panel, form, button, input]

t.test('a point snaps to the smallest box containing it', async (t) => {
  t.equal(snapToElement({ x: 150, y: 350 }, elements), button)
  t.equal(snapToElement({ x: 450, y: 200 }, elements), form)
  t.equal(snapToElement({ x: 700, y: 50 }, elements), panel)
  t.equal(snapToElement({ x: 150, y: 350 }, [...elements, twin]), twin, 'equal boxes: the better scored')
})

t.test('a point outside every box snaps to nothing', async (t) => {
  t.equal(snapToElement({ x: 900, y: 50 }, elements), undefined)
  t.equal(snapToElement({ x: 10, y: 10 }, []), undefined)
})

t.test('a text hit snaps to the smallest element containing it, not to a container far bigger than it', async (t) => {
  t.equal(snapToElement({ x: 140, y: 348, width: 60, height: 14 }, elements), button)
  t.equal(snapToElement({ x: 130, y: 128, width: 60, height: 14 }, elements), input)
  t.equal(snapToElement({ x: 300, y: 250, width: 40, height: 14 }, elements), undefined, 'only the form and the panel contain it')
  t.equal(snapToElement({ x: 300, y: 250, width: 40, height: 14 }, elements, { maxAreaRatio: 500 }), form)
})

t.test('a weak match partly off an element snaps to it by IoU, before any container', async (t) => {
  t.equal(snapToElement({ x: 130, y: 344, width: 100, height: 32 }, elements), button)
  t.equal(snapToElement({ x: 190, y: 344, width: 100, height: 32 }, [panel, button]), undefined, 'too little overlap')
})
