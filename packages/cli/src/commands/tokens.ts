import { ROLES, type CreatedToken, type TokenList } from '@rpa-vision/contracts'
import { exactlyOne, oneOf, parseCommandArgs, println, UsageError, type Command } from '../command.js'
import { asJson, orDash, table, when } from '../format.js'

export const TOKENS_USAGE = [
  'rpa tokens create --name NAME --role admin|author|agent [--agent-id ID] [--json]',
  'rpa tokens list [--json]',
  'rpa tokens revoke ID [--json]',
]
const [CREATE_USAGE, LIST_USAGE, REVOKE_USAGE] = TOKENS_USAGE as [string, string, string]

export const createToken: Command = async (args, { client, out }) => {
  const { values, positionals } = parseCommandArgs(
    args,
    { name: { type: 'string' }, role: { type: 'string' }, 'agent-id': { type: 'string' }, json: { type: 'boolean' } },
    CREATE_USAGE,
  )
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, CREATE_USAGE)
  if (!values.name) throw new UsageError('--name is required', CREATE_USAGE)
  const role = oneOf(values.role, ROLES, '--role', CREATE_USAGE)
  if (!role) throw new UsageError('--role is required', CREATE_USAGE)
  const agentId = values['agent-id']
  if (role === 'agent' && !agentId) throw new UsageError('an agent token needs --agent-id (the agent it may replay for)', CREATE_USAGE)
  if (role !== 'agent' && agentId) throw new UsageError('--agent-id only applies to --role agent', CREATE_USAGE)

  const created = await client.request<CreatedToken>('POST', '/api/v1/tokens', {
    body: { name: values.name, role, ...(agentId ? { agent_id: agentId } : {}) },
  })
  if (values.json) return println(out, asJson(created))
  println(out, `created ${created.role} token "${created.name}" with id ${created.id}`)
  println(out, 'token (shown only this once; store it now):')
  println(out, `  ${created.token}`)
}

export const listTokens: Command = async (args, { client, out }) => {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, LIST_USAGE)
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, LIST_USAGE)
  const list = await client.request<TokenList>('GET', '/api/v1/tokens')
  if (values.json) return println(out, asJson(list))
  if (!list.items.length) return println(out, 'no tokens')
  const rows = list.items.map((t) => [
    t.id, t.name, t.role, orDash(t.agent_id), when(t.created_at), when(t.last_used_at), when(t.revoked_at),
  ])
  println(out, table(['ID', 'NAME', 'ROLE', 'AGENT', 'CREATED (UTC)', 'LAST USED', 'REVOKED'], rows))
}

export const revokeToken: Command = async (args, { client, out }) => {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, REVOKE_USAGE)
  const id = exactlyOne(positionals, 'token ID', REVOKE_USAGE)
  await client.request<unknown>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`)
  println(out, values.json ? asJson({ id, revoked: true }) : `revoked token ${id}`)
}
