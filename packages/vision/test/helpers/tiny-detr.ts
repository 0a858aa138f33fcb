import onnxProto from 'onnx-proto'

const { onnx } = onnxProto
const FLOAT = onnx.TensorProto.DataType.FLOAT

export interface TinyDetrSpec {
  /** square input side R */
  size: number
  /** cx,cy,w,h in 0..1 of the R×R input, one per query */
  boxes: number[][]
  /** one logit per query */
  logits: number[]
  input?: { name: string; channels: number }
  outputs?: { boxes: string; logits: string; boxDims?: number }
}

function valueInfo(name: string, dims: number[]) {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } }
}

/**
 * A DETR-shaped ONNX model whose outputs are constants: pred_boxes = mean(images) × 0 + boxes, pred_logits = the same
 * zero + logits (the input is consumed so that it stays a real input). Names and shapes can be bent to break the
 * signature.
 */
export function tinyDetr(spec: TinyDetrSpec): Uint8Array {
  const n = spec.logits.length
  const input = spec.input ?? { name: 'images', channels: 3 }
  const outs = spec.outputs ?? { boxes: 'pred_boxes', logits: 'pred_logits' }
  const boxDims = outs.boxDims ?? 4
  const graph = onnx.GraphProto.create({
    name: 'tiny-detr',
    node: [
      { opType: 'ReduceMean', input: [input.name], output: ['mean'], attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Mul', input: ['mean', 'zero'], output: ['nothing'] },
      { opType: 'Add', input: ['nothing', 'box_values'], output: [outs.boxes] },
      { opType: 'Add', input: ['nothing', 'logit_values'], output: [outs.logits] },
    ],
    initializer: [
      { name: 'zero', dataType: FLOAT, dims: [], floatData: [0] },
      { name: 'box_values', dataType: FLOAT, dims: [1, n, boxDims], floatData: spec.boxes.flatMap((b) => b.slice(0, boxDims)) },
      { name: 'logit_values', dataType: FLOAT, dims: [1, n, 1], floatData: spec.logits },
    ],
    input: [valueInfo(input.name, [1, input.channels, spec.size, spec.size])],
    output: [valueInfo(outs.boxes, [1, n, boxDims]), valueInfo(outs.logits, [1, n, 1])],
  })
  const model = onnx.ModelProto.create({ irVersion: 8, producerName: 'rpa-vision-test', opsetImport: [{ domain: '', version: 13 }], graph })
  return onnx.ModelProto.encode(model).finish()
}
