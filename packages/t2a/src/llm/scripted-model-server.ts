import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the scripted server does with one chat request. */
export type ScriptStep =
  /** answer with this content (after `delayMs`, if given: slow past a timeout) */
  | { reply: string; delayMs?: number }
  /** fail with this status; `body` defaults to the protocol's error envelope */
  | { status: number; body?: unknown; delayMs?: number }
  /** never answer */
  | { hang: true }

/** A queue of steps, one per chat request, or a function of the request and its index (0-based). */
export type Script = ScriptStep[] | ((req: RecordedRequest, index: number) => ScriptStep)

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  /** parsed JSON, or the raw text when it is not JSON; undefined for a GET */
  body: unknown
}

export interface ScriptedModelServerOptions {
  /** what /api/tags and /v1/models list (default ["scripted-model"]) */
  models?: string[]
}

export interface ScriptedModelServer {
  /** the server root: Ollama's base URL; the OpenAI-compatible one is `${url}/v1` */
  url: string
  /** every request, health checks included, in arrival order */
  requests: RecordedRequest[]
  /** the chat requests only (POST /api/chat and /v1/chat/completions) */
  chatRequests(): RecordedRequest[]
  close(): Promise<void>
}

type Protocol = 'ollama' | 'openai'

const CHAT_PATHS: Record<string, Protocol> = { '/api/chat': 'ollama', '/v1/chat/completions': 'openai' }

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) return
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' })
  res.end(text)
}

function replyBody(protocol: Protocol, model: string, content: string): unknown {
  if (protocol === 'ollama') {
    return {
      model, created_at: new Date().toISOString(), message: { role: 'assistant', content },
      done: true, done_reason: 'stop', prompt_eval_count: 42, eval_count: content.length,
    }
  }
  return {
    id: 'chatcmpl-scripted', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 42, completion_tokens: content.length, total_tokens: 42 + content.length },
  }
}

function errorBody(protocol: Protocol, message: string): unknown {
  return protocol === 'ollama' ? { error: message } : { error: { message, type: 'scripted_error', code: null } }
}

/**
 * A scripted stand-in for a model, not a model: a real HTTP server on an ephemeral port that speaks Ollama's
 * /api/chat and the OpenAI-compatible /v1/chat/completions (plus /api/tags and /v1/models), answers each chat
 * request with the next step of its script, and records every request so tests can check what was sent.
 */
export async function startScriptedModelServer(script: Script, opts: ScriptedModelServerOptions = {}): Promise<ScriptedModelServer> {
  const models = opts.models ?? ['scripted-model']
  const requests: RecordedRequest[] = []
  const chat: RecordedRequest[] = []
  const timers = new Set<NodeJS.Timeout>()

  function later(res: ServerResponse, ms: number | undefined, send: () => void): void {
    if (!ms) return send()
    const timer = setTimeout(() => {
      timers.delete(timer)
      send()
    }, ms)
    timers.add(timer)
    res.on('close', () => {
      clearTimeout(timer)
      timers.delete(timer)
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!
    const text = await readBody(req)
    let body: unknown
    if (text) {
      try {
        body = JSON.parse(text)
      } catch {
        body = text
      }
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body }
    requests.push(recorded)

    if (req.method === 'GET' && path === '/api/tags') {
      return sendJson(res, 200, { models: models.map((name) => ({ name, model: name, modified_at: new Date(0).toISOString(), size: 0 })) })
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'scripted' })) })
    }
    const protocol = req.method === 'POST' ? CHAT_PATHS[path] : undefined
    if (!protocol) return sendJson(res, 404, { error: `the scripted model server has no ${req.method} ${path}` })

    const index = chat.length
    chat.push(recorded)
    const step = typeof script === 'function' ? script(recorded, index) : script[index]
    if (!step) return sendJson(res, 500, errorBody(protocol, `the script has no step for chat request ${index + 1}`))
    if ('hang' in step) return
    if ('reply' in step) {
      const model = (body as { model?: unknown } | undefined)?.model
      return later(res, step.delayMs, () => sendJson(res, 200, replyBody(protocol, typeof model === 'string' ? model : models[0]!, step.reply)))
    }
    later(res, step.delayMs, () => sendJson(res, step.status, step.body ?? errorBody(protocol, `scripted failure ${step.status}`)))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { error: `scripted model server: ${(err as Error).message}` }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () => [...chat],
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((err) => (err ? reject(err) : resolve()))
        // hung and delayed requests hold their sockets open; close() would wait for them forever
        server.closeAllConnections()
      }),
  }
}
