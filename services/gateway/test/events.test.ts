import { randomBytes, randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import t from 'tap'
import { WebSocket } from 'undici'
import { replayEventsChannel, type ReplayEvent } from '@rpa-vision/contracts'
import { createRedis } from '@rpa-vision/queue'
import { TEST_REDIS_URL, testQueuePrefix } from '../../../test/helpers/index.js'
import { buildApp } from '../src/app.js'
import { CLOSE_TRY_AGAIN_LATER, EventHub, MAX_BUFFERED_BYTES, type EventSocket } from '../src/events/event-hub.js'
import { gatewayLoggerOptions } from '../src/logging.js'
import { bearer, BOOTSTRAP_TOKEN, gatewayConfig, startGateway } from './harness.js'

const prefix = testQueuePrefix()
const channel = replayEventsChannel(prefix)
const publisher = createRedis(TEST_REDIS_URL)
t.teardown(() => publisher.disconnect())
const gw = await startGateway(t, { QUEUE_PREFIX: prefix })
const base = (await gw.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')
const author = await gw.token('author')
const agent1 = await gw.token('agent', 'agent-1')

function replayEvent(agentId: string, sessionId: string = randomUUID()): ReplayEvent {
  return {
    type: 'step.started', at: new Date().toISOString(), session_id: sessionId, agent_id: agentId,
    workflow_id: randomUUID(), seq: 1, step_id: 'n1', data: { nonce: randomBytes(4).toString('hex') },
  }
}

const publish = (event: ReplayEvent | string) => publisher.publish(channel, typeof event === 'string' ? event : JSON.stringify(event))

/** A WebSocket client whose messages are read one at a time, each within a deadline. */
class EventClient {
  private readonly queue: unknown[] = []
  private waiting?: (message: unknown) => void
  readonly closed: Promise<{ code: number; reason: string }>

  constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (e) => {
      const message: unknown = JSON.parse(String(e.data))
      if (this.waiting) this.waiting(message)
      else this.queue.push(message)
    })
    this.closed = new Promise((resolve) => ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })))
  }

  next(timeoutMs = 3000): Promise<unknown> {
    if (this.queue.length) return Promise.resolve(this.queue.shift())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined
        reject(new Error(`no message within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiting = (message) => {
        clearTimeout(timer)
        this.waiting = undefined
        resolve(message)
      }
    })
  }

  /** resolves when `ms` pass without a message, with the message otherwise */
  async silence(ms = 300): Promise<unknown> {
    return this.next(ms).catch(() => undefined)
  }
}

interface Teardown {
  teardown(fn: () => unknown): void
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

/** Opens the socket and reads its hello: from then on, every event published reaches it. */
async function connect(t: Teardown, query: string, headers: Record<string, string> = {}): Promise<{ client: EventClient; hello: unknown }> {
  const client = new EventClient(new WebSocket(`${base}/api/v1/events${query}`, { headers }))
  t.teardown(() => client.ws.close())
  const hello = await client.next()
  return { client, hello }
}

/** The status of an upgrade request: 101 when the server accepts it; otherwise its error status, once the server has closed the socket. */
function upgradeStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(path, base.replace(/^ws/, 'http'))
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      agent: false,
      headers: {
        connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve(res.statusCode ?? 0)
    })
    req.on('response', (res) => {
      res.resume()
      const timer = setTimeout(() => reject(new Error(`the server left the socket of a refused upgrade (${res.statusCode}) open`)), 2000)
      res.socket.once('close', () => {
        clearTimeout(timer)
        resolve(res.statusCode ?? 0)
      })
    })
    req.on('error', reject)
    req.end()
  })
}

t.test('an admin token sees the events of every agent; the hello says nothing is filtered', async (t) => {
  const { client, hello } = await connect(t, '', bearer(BOOTSTRAP_TOKEN))
  t.same(hello, { type: 'hello', subscribed: { agent_id: null, session_id: null } })
  const one = replayEvent('agent-1')
  const two = replayEvent('agent-2')
  await publish(one)
  await publish(two)
  t.same(await client.next(), one)
  t.same(await client.next(), two)
})

t.test('an agent token sees only its own agent\'s events', async (t) => {
  const { client, hello } = await connect(t, '', bearer(agent1.token))
  t.same(hello, { type: 'hello', subscribed: { agent_id: 'agent-1', session_id: null } })
  const own = replayEvent('agent-1')
  await publish(replayEvent('agent-2'))
  await publish(own)
  t.same(await client.next(), own, 'the other agent\'s event, published first, never arrived')
})

t.test('?session_id= keeps one session', async (t) => {
  const sessionId = randomUUID()
  const { client, hello } = await connect(t, `?session_id=${sessionId}`, bearer(BOOTSTRAP_TOKEN))
  t.same(hello, { type: 'hello', subscribed: { agent_id: null, session_id: sessionId } })
  const wanted = replayEvent('agent-1', sessionId)
  await publish(replayEvent('agent-1'))
  await publish(wanted)
  t.same(await client.next(), wanted)

  const othersSession = randomUUID()
  const asAgent = await connect(t, `?session_id=${othersSession}`, bearer(agent1.token))
  await publish(replayEvent('agent-2', othersSession))
  t.equal(await asAgent.client.silence(), undefined, 'an agent asking for another agent\'s session gets nothing from it')

  t.equal(await upgradeStatus('/api/v1/events?session_id=not-a-uuid', bearer(BOOTSTRAP_TOKEN)), 400)
})

t.test('an author token in ?token= is accepted as is: no redirect, no cookie', async (t) => {
  t.equal(await upgradeStatus(`/api/v1/events?token=${author.token}`), 101)
  const { client, hello } = await connect(t, `?token=${author.token}`)
  t.same(hello, { type: 'hello', subscribed: { agent_id: null, session_id: null } })
  const event = replayEvent('agent-7')
  await publish(event)
  t.same(await client.next(), event)
})

t.test('the upgrade is refused without a valid token', async (t) => {
  t.equal(await upgradeStatus('/api/v1/events'), 401, 'no token')
  t.equal(await upgradeStatus('/api/v1/events?token=rpa_forged'), 401, 'an unknown token')
  t.equal(await upgradeStatus('/api/v1/events', { cookie: `rpa_token=${BOOTSTRAP_TOKEN}` }), 401, 'the browser cookie does not count here')

  const revoked = await gw.token('agent', 'agent-3')
  t.equal(await upgradeStatus('/api/v1/events', bearer(revoked.token)), 101)
  const res = await gw.call(BOOTSTRAP_TOKEN, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` })
  t.equal(res.statusCode, 204)
  t.equal(await upgradeStatus('/api/v1/events', bearer(revoked.token)), 401, 'a revoked token')
  t.equal(await upgradeStatus(`/api/v1/events?token=${revoked.token}`), 401, 'a revoked token in the query')
})

t.test('a plain GET is told to upgrade; the route is in the OpenAPI document', async (t) => {
  const plain = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/api/v1/events' })
  t.equal(plain.statusCode, 426)
  t.match(plain.json(), { error: { code: 'UPGRADE_REQUIRED' } })
  const docs = await gw.call(BOOTSTRAP_TOKEN, { method: 'GET', url: '/docs/json' })
  t.match(docs.json(), { paths: { '/api/v1/events': { get: { summary: /WebSocket/, tags: ['replay'] } } } })
})

t.test('malformed messages are dropped and the stream goes on', async (t) => {
  const { client } = await connect(t, '', bearer(BOOTSTRAP_TOKEN))
  const valid = replayEvent('agent-1')
  await publish('not json {')
  await publish(JSON.stringify({ type: 'step.started', agent_id: 'agent-1' }))
  await publish('null')
  await publish(valid)
  t.same(await client.next(), valid)
})

t.test('the ?token= of an events URL never reaches the request log', async (t) => {
  const options = gatewayLoggerOptions({ level: 'info', pretty: false }) as { serializers: { req(req: unknown): { url: string } } }
  const logged = options.serializers.req({ url: `/api/v1/events?session_id=${randomUUID()}&token=${author.token}` })
  t.notMatch(logged.url, author.token)
  t.match(logged.url, /&token=\[redacted\]$/)
})

t.test('closing the gateway closes its sockets with 1001', async (t) => {
  const app = await buildApp(gatewayConfig(gw.database, { QUEUE_PREFIX: prefix }))
  const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')
  const client = new EventClient(new WebSocket(`${url}/api/v1/events`, { headers: bearer(BOOTSTRAP_TOKEN) }))
  await client.next()
  await app.close()
  t.match(await client.closed, { code: 1001 })
})

t.test('EventHub', async (t) => {
  const hubChannel = `${prefix}:hub-test`
  const subscriber = createRedis(TEST_REDIS_URL)
  const clientId = await subscriber.client('ID')
  const hub = new EventHub(subscriber, hubChannel, gw.app.log)
  t.teardown(() => hub.close())
  await hub.subscribed

  const fakeSocket = (bufferedAmount: number) => {
    const socket = { readyState: 1, bufferedAmount, sent: [] as string[], closedWith: [] as unknown[] }
    return Object.assign(socket, {
      send: (data: string) => void socket.sent.push(data),
      close: (...args: unknown[]) => void socket.closedWith.push(args),
    }) satisfies EventSocket
  }

  t.test('a socket more than 1 MB behind is closed with 1013, the others still served', async (t) => {
    const slow = fakeSocket(MAX_BUFFERED_BYTES + 1)
    const fast = fakeSocket(0)
    hub.add(slow, { principal: { role: 'admin', agentId: null }, sessionId: null })
    hub.add(fast, { principal: { role: 'admin', agentId: null }, sessionId: null })
    const message = JSON.stringify(replayEvent('agent-1'))
    hub.dispatch(message)
    t.same(slow.closedWith, [[CLOSE_TRY_AGAIN_LATER, 'too slow: events arrive faster than they are read']])
    t.same(slow.sent, [])
    t.same(fast.sent, [message])
    hub.dispatch(message)
    t.equal(slow.closedWith.length, 1, 'dropped from the hub once closed')
    hub.remove(fast)
    t.equal(hub.size, 0)
  })

  t.test('an agent token without an agent id matches nothing', async (t) => {
    const socket = fakeSocket(0)
    hub.add(socket, { principal: { role: 'agent', agentId: null }, sessionId: null })
    hub.dispatch(JSON.stringify(replayEvent('agent-1')))
    t.same(socket.sent, [])
    hub.remove(socket)
  })

  t.test('after the Redis connection is killed, the subscription comes back by itself', async (t) => {
    const socket = fakeSocket(0)
    hub.add(socket, { principal: { role: 'admin', agentId: null }, sessionId: null })
    t.teardown(() => hub.remove(socket))
    await publisher.client('KILL', 'ID', String(clientId))
    const resubscribed = await waitFor(async () => (await publisher.publish(hubChannel, JSON.stringify(replayEvent('agent-1')))) === 1)
    t.ok(resubscribed, 'subscribed again')
    t.ok(await waitFor(() => socket.sent.length === 1), 'the event published after the reconnect reached the socket')
  })
})
