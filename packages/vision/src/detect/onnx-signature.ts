import type { InferenceSession } from 'onnxruntime-node'

/** Where a DETR-style export takes its image and gives its boxes and class logits. */
export interface DetrSignature {
  input: string
  /** the square side when the model fixes it */
  staticSize?: number
  boxes: string
  logits: string
}

const BOX_NAMES = ['pred_boxes', 'boxes', 'dets']
const LOGIT_NAMES = ['pred_logits', 'logits', 'labels', 'scores']

const EXPECTED =
  'expected one float32 input [1,3,R,R] and two outputs: boxes [1,N,4] (cx,cy,w,h in 0..1; named ' +
  `${BOX_NAMES.join('/')}) and logits [1,N,C] (named ${LOGIT_NAMES.join('/')})`

type Meta = InferenceSession.ValueMetadata

function shapeOf(m: Meta): ReadonlyArray<number | string> {
  return m.isTensor ? m.shape : []
}

function describe(m: Meta): string {
  return m.isTensor ? `${m.name}[${m.shape.join(',')}] ${m.type}` : `${m.name} (not a tensor)`
}

/** A known rank-3 shape must end in `last` (any last dim when `last` is undefined); an unknown shape passes. */
function fits(m: Meta, last?: number): boolean {
  const s = shapeOf(m)
  return m.isTensor && (s.length === 0 || (s.length === 3 && (last === undefined || s[2] === last)))
}

/** Finds the input and the two outputs by name, then by shape; throws a message naming what the model has. */
export function detrSignature(session: InferenceSession, modelPath: string): DetrSignature {
  const fail = (why: string): never => {
    const ins = session.inputMetadata.map(describe).join(', ')
    const outs = session.outputMetadata.map(describe).join(', ')
    throw new Error(`${modelPath} is not a UI-DETR-style model: ${why}; ${EXPECTED}; it has inputs ${ins}, outputs ${outs}`)
  }
  if (session.inputMetadata.length !== 1) fail(`${session.inputMetadata.length} inputs`)
  const input = session.inputMetadata[0]
  const shape = shapeOf(input)
  if (!input.isTensor || input.type !== 'float32') fail('the input is not a float32 tensor')
  if (shape.length !== 0 && (shape.length !== 4 || (typeof shape[1] === 'number' && shape[1] !== 3))) fail('the input is not [1,3,R,R]')
  const [h, w] = [shape[2], shape[3]]
  if (typeof h === 'number' && typeof w === 'number' && h !== w) fail(`the input is not square (${h}×${w})`)
  const staticSize = typeof h === 'number' ? h : typeof w === 'number' ? w : undefined

  const outs = session.outputMetadata
  const byName = (names: string[]) => outs.find((m) => names.includes(m.name))
  const boxes = byName(BOX_NAMES) ?? outs.find((m) => shapeOf(m).length === 3 && shapeOf(m)[2] === 4)
  if (!boxes || !fits(boxes, 4)) fail('no boxes output [1,N,4]')
  const logits = byName(LOGIT_NAMES) ?? outs.find((m) => m !== boxes && shapeOf(m).length === 3)
  if (!logits || logits === boxes || !fits(logits)) fail('no logits output [1,N,C]')
  return { input: input.name, staticSize, boxes: boxes!.name, logits: logits!.name }
}
