import type { Redis } from 'ioredis'
import { replayEventsChannel, type ReplayEvent } from '@rpa-vision/contracts'
import type { FastifyBaseLogger } from 'fastify'

/** Publishes replay events on Redis once their state change is committed; an event lost to a Redis outage loses no state. */
export class EventPublisher {
  private readonly channel: string

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.channel = replayEventsChannel(prefix)
  }

  async publish(events: readonly ReplayEvent[]): Promise<void> {
    if (events.length === 0) return
    try {
      const pipeline = this.redis.pipeline()
      for (const e of events) pipeline.publish(this.channel, JSON.stringify(e))
      await pipeline.exec()
    } catch (err) {
      this.log.warn({ err, events: events.length }, 'replay events not published')
    }
  }
}
