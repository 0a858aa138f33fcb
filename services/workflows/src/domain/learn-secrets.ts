import { NotFoundError, type RecordedSecrets } from '@rpa-vision/contracts'
import { eq, schema, type DbOrTx } from '@rpa-vision/db'
import { recordedSecretContext, sealSecret } from '@rpa-vision/secrets'

const { workflows, workflowSecrets } = schema

export interface RecordedSecret {
  variable: string
  value: string
}

/** Inside the workflow's creation: each value sealed, bound to this workflow and variable. */
export async function storeRecordedSecrets(tx: DbOrTx, key: Buffer, workflowId: string, secrets: readonly RecordedSecret[]): Promise<void> {
  if (secrets.length === 0) return
  await tx.insert(workflowSecrets).values(
    secrets.map(({ variable, value }) => ({ workflowId, variable, sealed: sealSecret(key, value, recordedSecretContext(workflowId, variable)) })),
  )
}

/** The sealed values, for the replay service to open with the same key; never in clear. */
export async function readRecordedSecrets(db: DbOrTx, workflowId: string): Promise<RecordedSecrets> {
  const [w] = await db.select({ id: workflows.id }).from(workflows).where(eq(workflows.id, workflowId)).limit(1)
  if (!w) throw new NotFoundError(`workflow ${workflowId}`)
  const rows = await db
    .select({ variable: workflowSecrets.variable, sealed: workflowSecrets.sealed })
    .from(workflowSecrets)
    .where(eq(workflowSecrets.workflowId, workflowId))
    .orderBy(workflowSecrets.variable)
  return { workflow_id: workflowId, items: rows }
}
