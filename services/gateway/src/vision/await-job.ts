import { AppError, type QueuedJob } from '@rpa-vision/contracts'
import { JobFailedError, JobTimeoutError, type JobClient, type Payload, type Result } from '@rpa-vision/queue'

/**
 * Runs a job and awaits its result, bounded as a whole (an unreachable Redis must not hold the request either):
 * no answer in time → 504 VISION_TIMEOUT; a failed job → 502 VISION_FAILED with the worker's reason.
 * One attempt: someone is waiting, and a failure here is the same on a retry (a crashed worker's job is still
 * taken up again, as a stalled job).
 */
export async function awaitVisionJob<N extends QueuedJob>(jobs: JobClient, name: N, payload: Payload<N>, timeoutMs: number): Promise<Result<N>> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JobTimeoutError(`${name} did not finish within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([jobs.run(name, payload, { timeoutMs, attempts: 1 }), late])
  } catch (err) {
    if (err instanceof JobTimeoutError) throw new AppError(504, 'VISION_TIMEOUT', `no vision worker answered within ${timeoutMs} ms`)
    if (err instanceof JobFailedError) throw new AppError(502, 'VISION_FAILED', err.message)
    throw err
  } finally {
    clearTimeout(timer)
  }
}
