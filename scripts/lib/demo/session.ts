import { randomBytes } from 'node:crypto'
import { ApiError, createClient, type Client } from '@rpa-vision/cli'
import type { CreatedToken, CreateReplayResponse, ReplaySession, Workflow, WorkflowBundle } from '@rpa-vision/contracts'

/** A replay of the demo bundle, ready for an agent to poll. */
export interface DemoSession {
  workflowId: string
  sessionId: string
  agentId: string
  /** the token the agent polls with: an agent token of its own when the caller may make one */
  agentToken: string
}

export function demoClient(baseUrl: string, token: string): Client {
  return createClient({ url: baseUrl, token, timeoutMs: 30_000 })
}

/**
 * Imports the bundle (an imported workflow waits for review), approves it as its author would after looking at it,
 * makes an agent token for a new agent id and starts a replay with the given variables.
 */
export async function prepareDemoSession(
  api: Client,
  opts: { bundle: WorkflowBundle; variables: Record<string, string>; agentId?: string; token: string },
): Promise<DemoSession> {
  const imported = await api.request<Workflow>('POST', '/api/v1/workflows/import', { body: opts.bundle })
  await api.request<Workflow>('POST', `/api/v1/workflows/${imported.id}/review`, {
    body: { status: 'approved', feedback: 'approved by pnpm demo after import' },
  })
  const agentId = opts.agentId ?? `demo-agent-${randomBytes(4).toString('hex')}`
  let agentToken: string
  try {
    const made = await api.request<CreatedToken>('POST', '/api/v1/tokens', { body: { name: `${agentId} (pnpm demo)`, role: 'agent', agent_id: agentId } })
    agentToken = made.token
  } catch (err) {
    // an author token may not make tokens: the author replays as itself (authors may poll too)
    if (!(err instanceof ApiError) || err.status !== 403) throw err
    agentToken = opts.token
  }
  const created = await api.request<CreateReplayResponse>('POST', '/api/v1/replays', {
    body: { workflow_id: imported.id, agent_id: agentId, variables: opts.variables },
  })
  return { workflowId: imported.id, sessionId: created.session_id, agentId, agentToken }
}

export function readSession(api: Client, sessionId: string): Promise<ReplaySession> {
  return api.request<ReplaySession>('GET', `/api/v1/replays/${sessionId}`)
}
