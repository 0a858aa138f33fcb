import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { request } from 'undici'

export interface ProxiedRequest {
  at: number
  path: string
  /** a /replay/next or /replay/result that carried a screenshot */
  screenshot: boolean
  status: number
  /** without the screenshot */
  body: Record<string, unknown>
  answer: unknown
}

/**
 * An HTTP proxy in front of the gateway: it keeps every request (to count polls) and can go down and come back on
 * the same port, so that an agent pointed at it sees connections refused, as when the network or the gateway is gone.
 */
export interface GatewayProxy {
  url: string
  requests: ProxiedRequest[]
  polls(): ProxiedRequest[]
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startGatewayProxy(target: string): Promise<GatewayProxy> {
  const requests: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  let port = 0
  let server: Server | undefined

  const listen = async () => {
    const s = createServer(async (req, res) => {
      const text = await readBody(req)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v
      const upstream = await request(`${target}${req.url}`, { method: req.method as 'POST', headers, ...(text ? { body: text } : {}) })
      const answerText = await upstream.body.text()
      const { screenshot, ...body } = text && req.headers['content-type']?.includes('json') ? JSON.parse(text) as Record<string, unknown> : {}
      requests.push({
        at: Date.now(), path: req.url ?? '', screenshot: typeof screenshot === 'string', status: upstream.statusCode, body,
        answer: answerText ? JSON.parse(answerText) : null,
      })
      res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? 'application/json') }).end(answerText)
    })
    s.on('connection', (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve))
    port = (s.address() as AddressInfo).port
    server = s
  }
  const stop = async () => {
    const s = server
    server = undefined
    if (!s) return
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }

  await listen()
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    polls: () => requests.filter((r) => r.path === '/api/v1/replay/next'),
    down: stop,
    up: listen,
    close: stop,
  }
}
