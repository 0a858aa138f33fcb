import { ForbiddenError, type Principal } from '@rpa-vision/contracts'

/** An agent token reaches only the sessions of its own agent_id; the agent_id a body claims must be the session's. */
export function checkSessionAccess(principal: Principal, session: { id: string; agentId: string }, claimedAgentId?: string): void {
  if (principal.role === 'agent' && principal.agentId !== session.agentId) {
    throw new ForbiddenError(`this token is for agent "${principal.agentId}"; replay session ${session.id} belongs to another agent`)
  }
  if (claimedAgentId !== undefined && claimedAgentId !== session.agentId) {
    throw new ForbiddenError(`replay session ${session.id} belongs to agent "${session.agentId}", not "${claimedAgentId}"`)
  }
}
