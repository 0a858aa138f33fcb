import Tesseract from 'tesseract.js'
import type { OcrResult, Rect } from '../types.js'
import { pageToResult } from './layout.js'
import { prepareForOcr } from './prepare.js'
import { prepareLangPath } from './traineddata.js'

export type OcrLangs = 'fra+eng' | 'fra' | 'eng'

export interface OcrPoolOptions {
  /** how many tesseract workers (threads, ~600 MB each) */
  workers: number
  langs?: OcrLangs
  /** where the trained data is gathered (default: a folder under the OS temp dir) */
  cacheDir?: string
}

export interface RecognizeOptions {
  /** read only this part of the image; boxes still come back in the whole image's pixels */
  region?: Rect
  /** resize factor before recognition (default 2: small UI text reads far better) */
  upscale?: number
  signal?: AbortSignal
}

interface Job {
  run(worker: Tesseract.Worker): Promise<void>
  fail(err: unknown): void
}

const closedError = () => new Error('OcrPool is closed')

function raceAbort<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

async function startWorker(langs: OcrLangs, langPath: string): Promise<Tesseract.Worker> {
  const worker = await Tesseract.createWorker(langs, Tesseract.OEM.LSTM_ONLY, {
    langPath,
    // the default cache writes trained data into the working directory
    cacheMethod: 'none',
    // without a handler, a failed job is also thrown from the worker's message listener: an uncaught exception
    errorHandler: () => {},
  })
  await worker.setParameters({
    // tesseract.js defaults to one uniform block (6); a screen needs page layout analysis
    tessedit_pageseg_mode: Tesseract.PSM.AUTO,
    // Sauvola's local threshold, not one Otsu threshold for the page: measured equal on light screens, and a dark
    // theme 10.9 → 6.2 % CER (grey toolbars and boxes no longer turn black with their text)
    thresholding_method: '2',
    // tesseract estimates the resolution from the text when the image has none, and says so on stderr at every page
    debug_file: '/dev/null',
  })
  return worker
}

/**
 * A fixed set of tesseract.js workers started once (lazily, or with `init()`), and a FIFO queue: N jobs run on N
 * workers at a time. Workers keep Node alive: `close()` them.
 */
export class OcrPool {
  readonly #size: number
  readonly #langs: OcrLangs
  readonly #cacheDir: string | undefined
  #workers: Tesseract.Worker[] = []
  #idle: Tesseract.Worker[] = []
  #queue: Job[] = []
  readonly #running = new Set<Job>()
  #ready: Promise<void> | undefined
  #closed = false

  constructor(options: OcrPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`workers must be a positive integer, got ${options.workers}`)
    this.#size = options.workers
    this.#langs = options.langs ?? 'fra+eng'
    this.#cacheDir = options.cacheDir
  }

  /** Starts the workers; called by the first `recognize` otherwise. A failed start is retried by the next call. */
  init(): Promise<void> {
    if (this.#closed) return Promise.reject(closedError())
    this.#ready ??= this.#start().catch((err: unknown) => {
      this.#ready = undefined
      throw err
    })
    return this.#ready
  }

  async #start(): Promise<void> {
    const langPath = await prepareLangPath(this.#cacheDir)
    const started = await Promise.allSettled(Array.from({ length: this.#size }, () => startWorker(this.#langs, langPath)))
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
    const failure = started.find((s) => s.status === 'rejected')
    if (failure || this.#closed) {
      await Promise.all(workers.map((w) => w.terminate()))
      throw failure ? new Error(`OCR worker failed to start: ${String(failure.reason)}`) : closedError()
    }
    this.#workers = workers
    this.#idle = [...workers]
  }

  /** Recognises `image` (PNG, JPEG…): words with boxes in the original image's pixels, in reading order. */
  async recognize(image: Buffer, options: RecognizeOptions = {}): Promise<OcrResult> {
    const { signal } = options
    if (this.#closed) throw closedError()
    signal?.throwIfAborted()
    const prepared = await raceAbort(prepareForOcr(image, options.region, options.upscale ?? 2), signal)
    const page = await this.#run(async (worker) => (await worker.recognize(prepared.pgm, {}, { blocks: true })).data, signal)
    return pageToResult(page, prepared.transform, prepared.bounds)
  }

  #run<T>(task: (worker: Tesseract.Worker) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#closed) return Promise.reject(closedError())
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#queue = this.#queue.filter((j) => j !== job)
        reject(signal?.reason)
      }
      const job: Job = {
        run: (worker) =>
          task(worker)
            .then(resolve, reject)
            .finally(() => signal?.removeEventListener('abort', onAbort)),
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort)
          reject(err)
        },
      }
      if (signal?.aborted) return reject(signal.reason)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#queue.push(job)
      this.init().then(
        () => this.#dispatch(),
        (err: unknown) => {
          for (const queued of this.#queue.splice(0)) queued.fail(err)
        },
      )
    })
  }

  #dispatch(): void {
    while (!this.#closed && this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop() as Tesseract.Worker
      const job = this.#queue.shift() as Job
      this.#running.add(job)
      void job.run(worker).finally(() => {
        this.#running.delete(job)
        this.#idle.push(worker)
        this.#dispatch()
      })
    }
  }

  /** Started workers, jobs running on them, jobs waiting for one. */
  stats(): { workers: number; busy: number; queued: number } {
    return { workers: this.#workers.length, busy: this.#running.size, queued: this.#queue.length }
  }

  /** Rejects queued and running jobs and terminates every worker. */
  async close(): Promise<void> {
    this.#closed = true
    for (const job of [...this.#queue.splice(0), ...this.#running]) job.fail(closedError())
    this.#running.clear()
    await this.#ready?.catch(() => {})
    await Promise.all(this.#workers.splice(0).map((w) => w.terminate()))
    this.#idle = []
  }
}
