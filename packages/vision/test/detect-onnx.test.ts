import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import sharp from 'sharp'
import { createDetector, OnnxUiDetector, type ResizeMode } from '../src/detect/index.js'
import { toInputTensor } from '../src/detect/letterbox.js'
import type { Rect } from '../src/types.js'
import { tinyDetr, type TinyDetrSpec } from './helpers/tiny-detr.js'

const dir = mkdtempSync(join(tmpdir(), 'ui-detr-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

function writeModel(name: string, spec: TinyDetrSpec): string {
  const path = join(dir, `${name}.onnx`)
  writeFileSync(path, tinyDetr(spec))
  return path
}

const R = 64
const SCREEN = { width: 320, height: 160 }

/** Where the model sees a screen rect: cx,cy,w,h in 0..1 of its R×R input (the inverse of what the adapter undoes). */
function inModel(r: Rect, mode: ResizeMode): number[] {
  const s = R / Math.max(SCREEN.width, SCREEN.height)
  const [sx, sy] = mode === 'stretch' ? [R / SCREEN.width, R / SCREEN.height] : [s, s]
  const padX = (R - SCREEN.width * sx) / 2
  const padY = (R - SCREEN.height * sy) / 2
  return [(padX + (r.x + r.width / 2) * sx) / R, (padY + (r.y + r.height / 2) * sy) / R, (r.width * sx) / R, (r.height * sy) / R]
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v))

// logits: kept at 2 (0.88), 0 (0.50), -0.5 (0.38); dropped at -3 (0.05) and -0.7 (0.33), the threshold being 0.35
const queries: { rect: Rect; logit: number }[] = [
  { rect: { x: 200, y: 100, width: 100, height: 50 }, logit: 0 },
  { rect: { x: 150, y: 50, width: 40, height: 40 }, logit: -3 },
  { rect: { x: 50, y: 40, width: 60, height: 20 }, logit: 2 },
  { rect: { x: 0, y: 0, width: 320, height: 160 }, logit: -0.7 },
  { rect: { x: 10, y: 10, width: 20, height: 20 }, logit: -0.5 },
]
const kept = queries.filter((q) => sigmoid(q.logit) >= 0.35).sort((a, b) => b.logit - a.logit)

function specFor(mode: ResizeMode, extra: { box: number[]; logit: number }[] = []): TinyDetrSpec {
  return { size: R, boxes: [...queries.map((q) => inModel(q.rect, mode)), ...extra.map((e) => e.box)], logits: [...queries.map((q) => q.logit), ...extra.map((e) => e.logit)] }
}

const rgba = () => sharp({ create: { ...SCREEN, channels: 4, background: { r: 200, g: 120, b: 40, alpha: 1 } } }).png().toBuffer()
const grey = () => sharp({ create: { ...SCREEN, channels: 3, background: '#808080' } }).greyscale().png().toBuffer()

t.test('the input tensor: centred, ImageNet-normalised RGB planes, the padding at the mean colour (0)', async (t) => {
  const { data, frame } = await toInputTensor(await rgba(), R, 'letterbox')
  t.same(frame, { size: R, screen: SCREEN, scaleX: 0.2, scaleY: 0.2, padX: 0, padY: 16 })
  const rgb = [200, 120, 40]
  const mean = [0.485, 0.456, 0.406]
  const std = [0.229, 0.224, 0.225]
  for (let c = 0; c < 3; c++) {
    const at = (y: number, x: number) => data[c * R * R + y * R + x]
    t.equal(at(15, 10), 0, `channel ${c} above the screen`)
    t.equal(at(48, 10), 0, `channel ${c} below the screen`)
    t.ok(Math.abs(at(16, 0) - (rgb[c] / 255 - mean[c]) / std[c]) < 1e-5 && Math.abs(at(47, 63) - at(16, 0)) < 1e-6, `channel ${c} on the screen`)
  }
})

t.test('letterbox: confident boxes come back in screen pixels, best first; the rest and boxes in the padding are dropped', async (t) => {
  // a confident box inside the top padding band (input rows 0..16) is not on the screen
  const path = writeModel('letterbox', specFor('letterbox', [{ box: [0.5, 0.1, 0.2, 0.05], logit: 3 }]))
  const detector = await OnnxUiDetector.load(path)
  t.teardown(() => detector.close())
  t.equal(detector.inputSize, R, 'the input size is read from the model')
  const found = await detector.detect(await rgba())
  t.same(found.map((f) => f.bbox), kept.map((q) => q.rect))
  t.same(found.map((f) => f.score.toFixed(4)), kept.map((q) => sigmoid(q.logit).toFixed(4)))
  t.same(await detector.detect(await rgba()), found, 'the session is reused')
})

t.test('stretch: the same boxes from a model fed a squashed screen', async (t) => {
  const detector = await OnnxUiDetector.load(writeModel('stretch', specFor('stretch')), { resize: 'stretch' })
  t.teardown(() => detector.close())
  t.same((await detector.detect(await grey())).map((f) => f.bbox), kept.map((q) => q.rect))
})

t.test('the threshold is an option', async (t) => {
  const detector = await OnnxUiDetector.load(writeModel('threshold', specFor('letterbox')), { threshold: 0.6 })
  t.teardown(() => detector.close())
  t.same((await detector.detect(await rgba())).map((f) => f.bbox), [kept[0].rect])
})

t.test('models that do not fit the signature fail with a clear error', async (t) => {
  const base = specFor('letterbox')
  await t.rejects(
    OnnxUiDetector.load(writeModel('no-boxes', { ...base, outputs: { boxes: 'out_a', logits: 'out_b', boxDims: 3 } })),
    /is not a UI-DETR-style model: no boxes output \[1,N,4\].*it has inputs images\[1,3,64,64\] float32, outputs out_a\[1,5,3\] float32, out_b\[1,5,1\] float32/,
  )
  await t.rejects(OnnxUiDetector.load(writeModel('grey-input', { ...base, input: { name: 'images', channels: 1 } })), /is not a UI-DETR-style model: the input is not \[1,3,R,R\]/)
  await t.rejects(OnnxUiDetector.load(writeModel('static-64', base), { inputSize: 640 }), /takes 64×64 input, not 640/)
  await t.rejects(OnnxUiDetector.load(join(dir, 'missing.onnx')))
})

t.test('createDetector: UI-DETR when a model path is configured, else classical', async (t) => {
  const classical = await createDetector({})
  t.equal(classical.name, 'classical')
  t.equal((await createDetector({ modelPath: '' })).name, 'classical')
  const onnx = await createDetector({ modelPath: writeModel('factory', specFor('letterbox')), onnx: { threshold: 0.6 } })
  t.equal(onnx.name, 'ui-detr')
  t.equal((await onnx.detect(await rgba())).length, 1)
  await onnx.close()
  await classical.close()
})
