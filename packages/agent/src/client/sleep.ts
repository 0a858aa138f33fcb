/** Thrown wherever the agent stops because its AbortSignal fired. */
export class AgentAborted extends Error {
  constructor() {
    super('the agent was stopped')
    this.name = 'AgentAborted'
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AgentAborted()
}

/** Resolves after `ms`, or rejects with AgentAborted as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal)
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(new AgentAborted())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, Math.max(0, ms))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
