import type { ElementDetector } from '../types.js'
import { ClassicalDetector, type ClassicalOptions } from './classical.js'
import { OnnxUiDetector, type OnnxUiDetectorOptions } from './onnx-ui-detr.js'

export interface DetectorConfig {
  /** a UI-DETR ONNX export (config `UI_DETR_MODEL`); without it, the classical detector */
  modelPath?: string
  onnx?: OnnxUiDetectorOptions
  classical?: ClassicalOptions
}

export type ClosableDetector = ElementDetector & { close(): Promise<void> }

export async function createDetector(config: DetectorConfig = {}): Promise<ClosableDetector> {
  return config.modelPath ? OnnxUiDetector.load(config.modelPath, config.onnx) : new ClassicalDetector(config.classical)
}
