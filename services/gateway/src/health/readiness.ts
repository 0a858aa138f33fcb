import { READY_CHECKS, type ReadyCheck, type ReadyResponse } from '@rpa-vision/contracts'

export type Probe = (timeoutMs: number) => Promise<void>

function withTimeout(probe: Probe, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  return Promise.race([probe(timeoutMs), late]).finally(() => clearTimeout(timer))
}

/** Runs every probe at once, each bounded in time: the answer names what is down. */
export async function checkReadiness(probes: Record<ReadyCheck, Probe>, timeoutMs: number): Promise<ReadyResponse> {
  const results = await Promise.allSettled(READY_CHECKS.map((name) => withTimeout(probes[name], timeoutMs)))
  const checks: Record<string, string> = {}
  READY_CHECKS.forEach((name, i) => {
    const r = results[i]!
    checks[name] = r.status === 'fulfilled' ? 'ok' : `error: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`
  })
  return { status: Object.values(checks).every((c) => c === 'ok') ? 'ready' : 'not_ready', checks }
}
