import { createDetector, loadOpenCv, OcrPool, type ClosableDetector, type OcrResult, type RecognizeOptions } from '@rpa-vision/vision'

/** What OCR the consumers need: the OcrPool, or a stand-in in tests. */
export interface OcrEngine {
  recognize(image: Buffer, options?: RecognizeOptions): Promise<OcrResult>
  close(): Promise<void>
}

/** The heavy parts, made once per process and shared by every job. */
export interface Engines {
  ocr: OcrEngine
  detector: ClosableDetector
}

/**
 * Starts the OCR workers, loads the detector and OpenCV's runtime before the first job, so that no job pays for
 * them and a broken installation stops the process at start.
 */
export async function openEngines(opts: { ocrWorkers: number; uiDetrModel: string | undefined }): Promise<Engines> {
  const ocr = new OcrPool({ workers: opts.ocrWorkers })
  try {
    await ocr.init()
    const detector = await createDetector(opts.uiDetrModel ? { modelPath: opts.uiDetrModel } : {})
    await loadOpenCv()
    return { ocr, detector }
  } catch (err) {
    await ocr.close()
    throw err
  }
}

export async function closeEngines(engines: Engines): Promise<void> {
  await Promise.all([engines.ocr.close(), engines.detector.close()])
}
