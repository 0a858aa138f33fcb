import { toAgentLogger } from './logger.js'
import { createReplayApi } from './replay-api.js'
import { SessionLoop } from './session-loop.js'
import { AgentAborted } from './sleep.js'
import { SessionStateStore, StateFileError } from './state-store.js'
import type { AgentOptions, AgentOutcome } from './types.js'

/**
 * Replays one session: polls /replay/next, performs each action on the driver once (remembered on disk, so that a
 * crash and a restart never perform a seq twice), reports it, until the session is done, the signal fires, or the
 * server refuses the agent for good. Network faults and server errors are retried for as long as it runs.
 */
export async function runAgent(opts: AgentOptions): Promise<AgentOutcome> {
  const log = toAgentLogger(opts.log)
  try {
    const store = await SessionStateStore.open(opts.stateDir, opts.sessionId, opts.agentId)
    for (const a of store.recovered) {
      log('warn', `seq ${a.seq} (${a.step_id}, ${a.type}) was being performed when the agent stopped: counted as performed (ok), never done again`, {
        seq: a.seq, step_id: a.step_id,
      })
    }
    const api = createReplayApi({ baseUrl: opts.baseUrl, token: opts.token, ...(opts.requestTimeoutMs ? { timeoutMs: opts.requestTimeoutMs } : {}) })
    return await new SessionLoop(opts, api, store, log).run()
  } catch (err) {
    if (err instanceof AgentAborted) {
      log('info', 'stopped before the replay finished; a restart with the same state directory carries on', {})
      return { status: 'aborted', reason: 'stopped before the replay finished' }
    }
    if (err instanceof StateFileError) {
      log('error', err.message, {})
      return { status: 'error', code: 'STATE_FILE', reason: err.message }
    }
    throw err
  }
}
