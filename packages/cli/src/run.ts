import { ConfigError, readCliConfig, type Env } from '@rpa-vision/config'
import { createClient } from './client.js'
import { CliError, println, UsageError, type Command, type Output } from './command.js'
import { AGENT_DETAILS, AGENT_USAGE, runReplayAgent } from './commands/agent.js'
import { RECORD_DETAILS, RECORD_USAGE, recordWorkflow } from './commands/record.js'
import { resolveAnchorLocally, RESOLVE_USAGE } from './commands/resolve.js'
import { decideT2a, T2A_DETAILS, T2A_USAGE } from './commands/t2a.js'
import { createToken, listTokens, revokeToken, TOKENS_USAGE } from './commands/tokens.js'
import { exportWorkflow, importWorkflow, listWorkflows, WORKFLOWS_USAGE } from './commands/workflows.js'

const COMMANDS: Record<string, Record<string, Command>> = {
  tokens: { create: createToken, list: listTokens, revoke: revokeToken },
  workflows: { list: listWorkflows, export: exportWorkflow, import: importWorkflow },
  t2a: { decide: decideT2a },
}
/** Commands of one word: `rpa resolve …` */
const SINGLE_COMMANDS: Record<string, Command> = { resolve: resolveAnchorLocally, agent: runReplayAgent, record: recordWorkflow }
const USAGE: Record<string, string[]> = { tokens: TOKENS_USAGE, workflows: WORKFLOWS_USAGE, resolve: RESOLVE_USAGE, t2a: T2A_USAGE, agent: AGENT_USAGE, record: RECORD_USAGE }
/** More than the usage line, for `rpa <group> … --help` */
const DETAILS: Record<string, string> = { t2a: T2A_DETAILS, agent: AGENT_DETAILS, record: RECORD_DETAILS }

export const HELP = `rpa — the RPA Vision command line (run it as "pnpm rpa …" from the repository)

usage:
${[...TOKENS_USAGE, ...WORKFLOWS_USAGE, ...RESOLVE_USAGE, ...T2A_USAGE, ...AGENT_USAGE, ...RECORD_USAGE, 'rpa help'].map((l) => `  ${l}`).join('\n')}

  --json prints the API's answer as JSON instead of a table or a sentence.
  resolve runs the resolve chain here, without a server: one result as JSON, or with --batch one JSON line per case
  ({"id", "found", "x", "y", "score", "method", "ms"}; paths in the batch file are relative to it).
  t2a decide runs a T2A decision here, without a server, with the LLM worker's provider (see rpa t2a decide --help).
  agent replays a session as its agent on a browser page or this desktop, one line per action (see rpa agent --help).
  record records what you do in a browser window or on this screen and has the server learn a workflow (see rpa record --help).
  Errors go to stderr as "error CODE: message"; exit code 1, or 2 for a wrong command line.

environment:
  RPA_URL        the gateway (default http://127.0.0.1:8080)
  RPA_TOKEN      a bearer token: the bootstrap RPA_API_TOKEN, or one made with "rpa tokens create"
  UI_DETR_MODEL  (resolve) a UI-DETR-1 ONNX model for the element detector; the classical detector without one
  LLM_PROVIDER   (t2a decide) rules (default), ollama or openai; with LLM_BASE_URL, LLM_MODEL, LLM_API_KEY,
                 LLM_TIMEOUT_MS, LLM_MAX_ATTEMPTS as the LLM worker reads them`

export interface CliIo {
  env: Env
  out: Output
  err: Output
}

/** Runs one command line and answers its exit code; only a bug throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [group = 'help', name] = argv
  if (group === 'help' || group === '--help' || group === '-h') {
    println(io.out, HELP)
    return 0
  }
  const single = Object.hasOwn(SINGLE_COMMANDS, group) ? SINGLE_COMMANDS[group] : undefined
  const command = single ?? COMMANDS[group]?.[name ?? '']
  const rest = argv.slice(single ? 1 : 2)
  if (!command) {
    println(io.err, `error USAGE: unknown command "${argv.slice(0, 2).join(' ')}"`)
    println(io.err, HELP)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    println(io.out, USAGE[group]!.map((l) => `usage: ${l}`).join('\n'))
    if (DETAILS[group]) println(io.out, DETAILS[group])
    return 0
  }
  try {
    const config = readCliConfig(io.env)
    await command(rest, { config, env: io.env, client: createClient({ url: config.url, token: config.token }), out: io.out, err: io.err })
    return 0
  } catch (err) {
    if (err instanceof UsageError) {
      println(io.err, `error USAGE: ${err.message}`)
      println(io.err, `usage: ${err.usage}`)
      return 2
    }
    if (err instanceof CliError) {
      println(io.err, `error ${err.code}: ${err.message}`)
      return 1
    }
    if (err instanceof ConfigError) {
      println(io.err, `error CONFIG: ${err.message}`)
      return 1
    }
    throw err
  }
}
