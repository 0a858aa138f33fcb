import { readFile, writeFile } from 'node:fs/promises'
import { REVIEW_STATUSES, SOURCES, type Workflow, type WorkflowBundle, type WorkflowList } from '@rpa-vision/contracts'
import { CliError, exactlyOne, nonNegativeInt, oneOf, parseCommandArgs, println, UsageError, type Command } from '../command.js'
import { asJson, table, when } from '../format.js'

export const WORKFLOWS_USAGE = [
  `rpa workflows list [--source ${SOURCES.join('|')}] [--review-status STATUS] [--q TEXT] [--limit N] [--offset N] [--json]`,
  'rpa workflows export ID [--out FILE [--json]]',
  'rpa workflows import FILE [--json]',
]
const [LIST_USAGE, EXPORT_USAGE, IMPORT_USAGE] = WORKFLOWS_USAGE as [string, string, string]

export const listWorkflows: Command = async (args, { client, out }) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      source: { type: 'string' }, 'review-status': { type: 'string' }, q: { type: 'string' },
      limit: { type: 'string' }, offset: { type: 'string' }, json: { type: 'boolean' },
    },
    LIST_USAGE,
  )
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, LIST_USAGE)
  const query = {
    source: oneOf(values.source, SOURCES, '--source', LIST_USAGE),
    review_status: oneOf(values['review-status'], REVIEW_STATUSES, '--review-status', LIST_USAGE),
    q: values.q,
    limit: nonNegativeInt(values.limit, '--limit', LIST_USAGE),
    offset: nonNegativeInt(values.offset, '--offset', LIST_USAGE),
  }
  const list = await client.request<WorkflowList>('GET', '/api/v1/workflows', { query })
  if (values.json) return println(out, asJson(list))
  if (!list.items.length) return println(out, list.total ? `no workflows at this offset (${list.total} in all)` : 'no workflows')
  const rows = list.items.map((w) => [
    w.id, w.name, w.source, w.review_status, String(w.version), String(w.node_count), when(w.updated_at),
  ])
  println(out, table(['ID', 'NAME', 'SOURCE', 'REVIEW', 'VERSION', 'NODES', 'UPDATED (UTC)'], rows))
  if (list.total > list.items.length) println(out, `(${list.items.length} of ${list.total}; see --limit and --offset)`)
}

export const exportWorkflow: Command = async (args, { client, out }) => {
  const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' }, json: { type: 'boolean' } }, EXPORT_USAGE)
  const id = exactlyOne(positionals, 'workflow ID', EXPORT_USAGE)
  const bundle = await client.request<WorkflowBundle>('GET', `/api/v1/workflows/${encodeURIComponent(id)}/export`)
  const text = `${asJson(bundle)}\n`
  if (!values.out) return void out.write(text)
  try {
    await writeFile(values.out, text)
  } catch (err) {
    throw new CliError('WRITE_FAILED', `cannot write ${values.out}: ${(err as Error).message}`)
  }
  const nodes = bundle.workflow.nodes.length
  if (values.json) return println(out, asJson({ id, file: values.out, name: bundle.workflow.name, nodes }))
  println(out, `exported workflow "${bundle.workflow.name}" (${nodes} nodes) to ${values.out}`)
}

async function readBundle(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new CliError('READ_FAILED', `cannot read ${file}: ${(err as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CliError('INVALID_BUNDLE', `${file} is not JSON: ${(err as Error).message}`)
  }
}

export const importWorkflow: Command = async (args, { client, out }) => {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, IMPORT_USAGE)
  const file = exactlyOne(positionals, 'bundle FILE', IMPORT_USAGE)
  const bundle = await readBundle(file)
  const created = await client.request<Workflow>('POST', '/api/v1/workflows/import', { body: bundle })
  if (values.json) return println(out, asJson(created))
  println(out, `imported workflow "${created.name}" as ${created.id} (version ${created.version}, review status ${created.review_status})`)
}
