import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Coding } from './coding.js'
import { CodingStore } from './coding-store.js'
import { createRequestHandler } from './routes.js'

export interface DemoHospitalOptions {
  /** 0 (the default) for an ephemeral port */
  port?: number
  /** default 127.0.0.1 */
  host?: string
  /** slow mode: main content shown this many ms after load, form submissions answered this much later (default 0) */
  slowMs?: number
}

export interface DemoHospital {
  /** http://host:port, no trailing slash */
  url: string
  close(): Promise<void>
  /** the stored codings, in order (copies) */
  codings(): Coding[]
  /** forgets every coding */
  reset(): void
  /** changes slow mode for the next pages and submissions (0: off) */
  setSlowMs(ms: number): void
}

function checkedSlowMs(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`slowMs must be a whole number of milliseconds ≥ 0, not ${ms}`)
  return ms
}

/** Starts the demo hospital application (an in-memory HTTP server). */
export async function startDemoHospital(options: DemoHospitalOptions = {}): Promise<DemoHospital> {
  const host = options.host ?? '127.0.0.1'
  let slowMs = checkedSlowMs(options.slowMs ?? 0)
  const store = new CodingStore()
  const closing = new AbortController()
  const server = createServer(createRequestHandler({ store, slowMs: () => slowMs, closing: closing.signal }))

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`

  let closed: Promise<void> | undefined
  return {
    url,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        closing.abort()
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      })),
    codings: () => store.all(),
    reset: () => store.reset(),
    setSlowMs: (ms) => {
      slowMs = checkedSlowMs(ms)
    },
  }
}
