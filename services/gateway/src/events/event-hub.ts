import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { Compile } from 'typebox/compile'
import { ReplayEvent, type Principal } from '@rpa-vision/contracts'

/** Which events one socket receives. */
export interface EventFilter {
  principal: Pick<Principal, 'role' | 'agentId'>
  /** null: every session the principal may see */
  sessionId: string | null
}

/** The part of a `ws` socket the hub uses. */
export interface EventSocket {
  readonly readyState: number
  readonly bufferedAmount: number
  send(data: string): void
  close(code?: number, reason?: string): void
}

const OPEN = 1
/** A client that reads slower than the replays publish is dropped before its backlog grows the gateway's memory. */
export const MAX_BUFFERED_BYTES = 1024 * 1024
export const CLOSE_TRY_AGAIN_LATER = 1013

const isReplayEvent = Compile(ReplayEvent)

/** An agent token sees only its own agent's events; admin and author tokens see every agent's. */
export function eventMatches(filter: EventFilter, event: ReplayEvent): boolean {
  const { role, agentId } = filter.principal
  return (role !== 'agent' || agentId === event.agent_id) && (filter.sessionId === null || filter.sessionId === event.session_id)
}

/** The replay events of one gateway process: one Redis subscriber, fanned out to every open socket that may see them. */
export class EventHub {
  private readonly sockets = new Map<EventSocket, EventFilter>()
  /** settles once SUBSCRIBE is acknowledged (or failed, which is logged); ioredis subscribes again after a reconnect */
  readonly subscribed: Promise<void>

  constructor(
    private readonly subscriber: Redis,
    channel: string,
    private readonly log: FastifyBaseLogger,
  ) {
    subscriber.on('error', (err) => log.warn({ err }, 'redis connection error (replay events)'))
    subscriber.on('message', (from: string, message: string) => {
      if (from === channel) this.dispatch(message)
    })
    this.subscribed = subscriber.subscribe(channel).then(
      () => undefined,
      (err: unknown) => log.warn({ err, channel }, 'subscribing to replay events failed'),
    )
  }

  get size(): number {
    return this.sockets.size
  }

  add(socket: EventSocket, filter: EventFilter): void {
    this.sockets.set(socket, filter)
  }

  remove(socket: EventSocket): void {
    this.sockets.delete(socket)
  }

  /** One pub/sub message, forwarded as published to the sockets whose filter lets it through. */
  dispatch(message: string): void {
    const event = parseEvent(message)
    if (!event) {
      this.log.debug({ bytes: message.length }, 'dropped a malformed replay event')
      return
    }
    for (const [socket, filter] of this.sockets) {
      if (socket.readyState !== OPEN || !eventMatches(filter, event)) continue
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.sockets.delete(socket)
        socket.close(CLOSE_TRY_AGAIN_LATER, 'too slow: events arrive faster than they are read')
        continue
      }
      socket.send(message)
    }
  }

  /** The sockets themselves are closed by the WebSocket server, before this. */
  close(): void {
    this.sockets.clear()
    this.subscriber.disconnect()
  }
}

function parseEvent(message: string): ReplayEvent | undefined {
  try {
    const value: unknown = JSON.parse(message)
    return isReplayEvent.Check(value) ? value : undefined
  } catch {
    return undefined
  }
}
