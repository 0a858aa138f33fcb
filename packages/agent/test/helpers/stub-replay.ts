import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StubRequest {
  path: string
  body: Record<string, any>
  authorization: string | undefined
}

export interface StubAnswer {
  status?: number
  json?: unknown
  headers?: Record<string, string>
  /** drop the connection without an answer */
  hangUp?: boolean
}

/** What the stub answers to one request; undefined means 200 with `{recorded: true, duplicate: false}` for results. */
export type StubScript = (req: StubRequest, index: number) => StubAnswer | undefined

/** A stand-in for the gateway's two replay endpoints, answering from a script and keeping every request. */
export interface StubReplay {
  url: string
  requests: StubRequest[]
  polls(): StubRequest[]
  results(): StubRequest[]
  script: StubScript
  close(): Promise<void>
}

async function readBody(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
}

export async function startStubReplay(script: StubScript): Promise<StubReplay> {
  const stub: StubReplay = {
    url: '',
    requests: [],
    polls: () => stub.requests.filter((r) => r.path.endsWith('/replay/next')),
    results: () => stub.requests.filter((r) => r.path.endsWith('/replay/result')),
    script,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
  const server: Server = createServer(async (req, res) => {
    const request: StubRequest = { path: req.url ?? '', body: await readBody(req), authorization: req.headers.authorization }
    const index = stub.requests.push(request) - 1
    const answer = stub.script(request, index) ?? (request.path.endsWith('/replay/result') ? { json: { recorded: true, duplicate: false } } : { status: 500 })
    if (answer.hangUp) {
      req.socket.destroy()
      return
    }
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
    res.end(answer.json === undefined ? '' : JSON.stringify(answer.json))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return stub
}

const SESSION = '11111111-1111-4111-8111-111111111111'
export { SESSION }

/** A delivered action with the fields every one has. */
/** /replay/next answering a delivered action with the fields every one has */
export function action(seq: number | null, step_id: string, type: string, extra: Record<string, unknown> = {}): StubAnswer {
  const lease = seq === null ? null : new Date(Date.now() + 30_000).toISOString()
  return { json: { action: { seq, step_id, type, lease_expires_at: lease, resolution: null, ...extra }, server_busy: false } }
}

export function busy(waiting_for: string, retry_after_ms = 20): StubAnswer {
  return { json: { action: null, server_busy: true, retry_after_ms, waiting_for } }
}

export function done(status = 'succeeded', reason: string | null = null): StubAnswer {
  return { json: { action: null, done: true, status, reason } }
}
