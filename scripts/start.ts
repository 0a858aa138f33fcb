import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { WriteStream } from 'node:tty'
import { optionalStr, readGatewayConfig, readLlmWorkerConfig, readReplayConfig, readWorkflowsConfig } from '@rpa-vision/config'
import { readOrCreateKey } from './lib/local-key.js'
import { createTagger } from './lib/prefix.js'
import { checkPostgres, checkRedis, PreflightError, redactUrl } from './lib/preflight.js'
import { localUrl, SERVICES } from './lib/services.js'
import { Supervisor } from './lib/supervisor.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HEALTH_TIMEOUT_MS = 60_000
const LOCAL_SECRET_KEY_FILE = `${ROOT}.rpa-vision/replay-secret.key`

const colours = (process.stdout as Partial<WriteStream>).hasColors?.() ?? false
const tagger = createTagger(SERVICES.map((s) => s.name), colours)
const say = (line: string) => process.stdout.write(`${tagger.tag('start')} ${line}\n`)

/** Secrets and addresses every child shares; a value set in the environment always wins. */
async function childEnvironment(): Promise<{ env: NodeJS.ProcessEnv; generatedToken: string | undefined }> {
  const gateway = readGatewayConfig(process.env)
  const workflows = readWorkflowsConfig(process.env)
  const replay = readReplayConfig(process.env)
  const llm = readLlmWorkerConfig(process.env)
  const generatedToken = gateway.apiToken ? undefined : `rpa_${randomBytes(32).toString('base64url')}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // readGatewayConfig drew a random one when INTERNAL_SECRET is unset: every child must get that same one.
    INTERNAL_SECRET: gateway.internalSecret,
    RPA_API_TOKEN: gateway.apiToken ?? generatedToken,
    LOG_FORMAT: optionalStr(process.env, 'LOG_FORMAT') ?? 'pretty',
    WORKFLOWS_URL: optionalStr(process.env, 'WORKFLOWS_URL') ?? localUrl(workflows.host, workflows.port),
    REPLAY_URL: optionalStr(process.env, 'REPLAY_URL') ?? localUrl(replay.host, replay.port),
    LLM_WORKER_URL: optionalStr(process.env, 'LLM_WORKER_URL') ?? localUrl(llm.host, llm.port),
    REPLAY_SECRET_KEY: optionalStr(process.env, 'REPLAY_SECRET_KEY') ?? (await localSecretKey()),
    ...(colours && !optionalStr(process.env, 'FORCE_COLOR') ? { FORCE_COLOR: '1' } : {}),
  }
  return { env, generatedToken }
}

async function localSecretKey(): Promise<string> {
  const { key, created } = await readOrCreateKey(LOCAL_SECRET_KEY_FILE)
  if (created) say(`REPLAY_SECRET_KEY was not set: made one in ${LOCAL_SECRET_KEY_FILE} (kept for the next runs)`)
  return key
}

function announceToken(token: string, gatewayUrl: string): void {
  const rule = '━'.repeat(78)
  for (const line of [
    rule,
    'RPA_API_TOKEN was not set, so this run made an admin token (it changes at every start):',
    '',
    `    export RPA_TOKEN=${token}`,
    '',
    `then: pnpm rpa tokens list    or    curl -H "Authorization: Bearer $RPA_TOKEN" ${gatewayUrl}/api/v1/workflows`,
    'Set RPA_API_TOKEN yourself to keep one token across restarts.',
    rule,
  ]) say(line)
}

async function main(): Promise<number> {
  const gateway = readGatewayConfig(process.env)
  try {
    if ((await checkPostgres(gateway.databaseUrl)) === 'created') say(`created the database of ${redactUrl(gateway.databaseUrl)}`)
    await checkRedis(gateway.redisUrl)
  } catch (err) {
    if (!(err instanceof PreflightError)) throw err
    process.stderr.write(`${tagger.tag('start')} ${err.message}\n`)
    return 1
  }

  const { env, generatedToken } = await childEnvironment()
  let exitCode = 0
  const supervisor = new Supervisor({
    root: ROOT, env, out: process.stdout, err: process.stderr, tagger, healthTimeoutMs: HEALTH_TIMEOUT_MS,
    onUnexpectedExit: (name, code, signal) => {
      say(`${name} exited (${signal ?? `code ${code}`}); stopping the others`)
      exitCode = 1
      void supervisor.stopAll()
    },
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!supervisor.isStopping) say(`${signal}: stopping every service`)
      void supervisor.stopAll()
    })
  }

  for (const spec of SERVICES) {
    if (supervisor.isStopping) break
    say(`starting ${spec.name}`)
    try {
      await supervisor.start(spec)
      say(`${spec.name} is up (${spec.healthUrl(env)})`)
    } catch (err) {
      if (!supervisor.isStopping) say(`${spec.name} did not start: ${(err as Error).message}`)
      exitCode = 1
      break
    }
  }
  if (!supervisor.isStopping && exitCode === 0) {
    const gatewayUrl = localUrl(gateway.host, gateway.port)
    if (generatedToken) announceToken(generatedToken, gatewayUrl)
    say(`ready: ${gatewayUrl} (API docs at ${gatewayUrl}/docs); Ctrl-C stops everything`)
  }
  if (exitCode !== 0) void supervisor.stopAll()
  await supervisor.stopped
  return exitCode
}

process.exit(await main())
