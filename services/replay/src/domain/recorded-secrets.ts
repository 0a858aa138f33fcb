import { AppError, type Workflow } from '@rpa-vision/contracts'
import { openSecret, recordedSecretContext, SecretsUnavailableError } from '@rpa-vision/secrets'
import type { ReplayContext } from './context.js'
import type { Caller } from './sessions.js'
import type { WorkflowSource } from './workflow-source.js'

/**
 * A learned workflow's type_secret steps recorded what was typed (sealed with REPLAY_SECRET_KEY by the workflows
 * service): a session not given those variables types the recorded values. Given variables always win.
 */
export async function withRecordedSecrets(
  ctx: ReplayContext, source: WorkflowSource, workflow: Workflow, given: Record<string, string>, caller: Caller,
): Promise<Record<string, string>> {
  if (workflow.source !== 'learned') return given
  const missing = new Set(
    workflow.nodes.filter((n) => n.type === 'type_secret').map((n) => String(n.params.variable)).filter((name) => !Object.hasOwn(given, name)),
  )
  if (missing.size === 0) return given
  const recorded = (await source.recordedSecrets(workflow.id, caller.principal, caller.requestId)).items.filter((s) => missing.has(s.variable))
  if (recorded.length === 0) return given
  const values: Record<string, string> = {}
  for (const { variable, sealed } of recorded) {
    try {
      values[variable] = openSecret(ctx.secretKey, sealed, recordedSecretContext(workflow.id, variable))
    } catch (err) {
      if (!(err instanceof SecretsUnavailableError)) throw err
      throw new AppError(503, 'SECRETS_UNAVAILABLE', `the value recorded for the secret "${variable}" cannot be used: ${err.message} (the workflows and replay services must share one REPLAY_SECRET_KEY)`)
    }
  }
  return { ...values, ...given }
}
