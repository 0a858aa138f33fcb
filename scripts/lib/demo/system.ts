import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'

/** The running system the demo talks to: the gateway and a token, and how to stop what the demo started. */
export interface DemoSystem {
  baseUrl: string
  token: string
  /** true when the demo started the services itself (and stops them at the end) */
  started: boolean
  logFile: string | null
  stop(): Promise<void>
}

export class DemoSetupError extends Error {
  override name = 'DemoSetupError'
}

async function answers(url: string, token?: string): Promise<boolean> {
  try {
    const res = await request(url, { headersTimeout: 2000, bodyTimeout: 2000, headers: token ? { authorization: `Bearer ${token}` } : {} })
    await res.body.dump()
    return res.statusCode === 200
  } catch {
    return false
  }
}

/** The gateway's /ready lists every dependency; the demo needs them all (workers included, for OCR and T2A). */
async function waitReady(baseUrl: string, token: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new DemoSetupError(`pnpm start exited with code ${child.exitCode} before the system was ready`)
    if (await answers(`${baseUrl}/ready`, token)) return
    await sleep(500)
  }
  throw new DemoSetupError(`the system at ${baseUrl} was not ready within ${Math.round(timeoutMs / 1000)} s (GET /ready with the token)`)
}

/**
 * Uses the system already running at RPA_URL (with RPA_TOKEN), or starts one with `pnpm start` (its logs go to a
 * file, not the report) with a token of the demo's own, and LLM_PROVIDER=rules unless one is configured.
 */
export async function ensureSystem(opts: { root: string; env: NodeJS.ProcessEnv; say(line: string): void; readyTimeoutMs?: number }): Promise<DemoSystem> {
  const { env, say } = opts
  const baseUrl = (env.RPA_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT ?? 8080}`).replace(/\/$/, '')
  const timeout = opts.readyTimeoutMs ?? 180_000
  if (await answers(`${baseUrl}/health`)) {
    const token = env.RPA_TOKEN ?? env.RPA_API_TOKEN
    if (!token) throw new DemoSetupError(`a system already runs at ${baseUrl}: set RPA_TOKEN to an admin or author token of it (pnpm start prints one)`)
    say(`using the system already running at ${baseUrl}`)
    await waitReady(baseUrl, token, null, timeout)
    return { baseUrl, token, started: false, logFile: null, stop: async () => {} }
  }

  const token = env.RPA_API_TOKEN ?? `rpa_demo_${randomBytes(24).toString('base64url')}`
  const logDir = join(opts.root, '.rpa-vision')
  await mkdir(logDir, { recursive: true })
  const logFile = join(logDir, 'demo-services.log')
  const log = createWriteStream(logFile, { flags: 'w' })
  say(`starting the services (pnpm start; their logs: ${logFile})`)
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', 'scripts/start.ts'], {
    cwd: opts.root,
    env: { ...env, RPA_API_TOKEN: token, LLM_PROVIDER: env.LLM_PROVIDER ?? 'rules', LOG_FORMAT: 'json', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.pipe(log, { end: false })
  child.stderr!.pipe(log, { end: false })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(killer)
    }
    log.end()
  }
  try {
    await waitReady(baseUrl, token, child, timeout)
  } catch (err) {
    await stop()
    throw err
  }
  say(`services ready at ${baseUrl}`)
  return { baseUrl, token, started: true, logFile, stop }
}
