import { readFile } from 'node:fs/promises'
import { CreateT2aDecisionBody } from '@rpa-vision/contracts'
import { LlmConfigError, llmConfigFromEnv, type LlmConfig } from '@rpa-vision/t2a'
import { CliError, parseCommandArgs, println, UsageError, type Command } from '../command.js'
import { asJson } from '../format.js'
import { decisionReport } from '../t2a/report.js'
import { runDecision, type DecisionInput } from '../t2a/run-decision.js'

export const T2A_USAGE = ['rpa t2a decide --record FILE [--stay FILE.json] [--json]']
const [DECIDE_USAGE] = T2A_USAGE as [string]

/** Printed after the usage by `rpa t2a decide --help`. */
export const T2A_DETAILS = `
Decides one UHCD stay (GHS or forfait urgence) from a patient record, in this process, with the code of the LLM
worker: the provider proposes criteria and quotations, every quotation is verified against the record, and the final
decision is computed in code (the model's own decision is shown for information only).

  --record FILE      the record as text (UTF-8), as read from the DPI or an OCR
  --stay FILE.json   stay facts as a JSON object (arrival, UHCD admission, discharge…), given to a model with the
                     record; the rules provider does not read them
  --json             the decision as GET /api/v1/t2a/decisions/:id returns it, instead of a report

environment (the LLM worker's):
  LLM_PROVIDER       rules (default: a heuristic, no model) | ollama | openai (any OpenAI-compatible server)
  LLM_BASE_URL       the server (ollama: default http://127.0.0.1:11434; openai: the API root with /v1)
  LLM_MODEL          the model name (required for ollama and openai)
  LLM_API_KEY        sent as a bearer token; never printed
  LLM_TIMEOUT_MS     per call (default 60000)
  LLM_MAX_ATTEMPTS   attempts when the answer does not follow the output contract (default 3)

exit code: 0 decided; 1 the model gave no valid answer (status error) or LLM_* is wrong; 2 a wrong command line or an
unusable record or stay file.`

/** the API's bound on record_text, so that what the CLI decides the API would accept */
const MAX_RECORD_CHARS = (CreateT2aDecisionBody.properties.record_text as { maxLength?: number }).maxLength ?? 500_000

async function readText(file: string, what: string): Promise<string> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message
    throw new UsageError(`cannot read the ${what} ${file}: ${why}`, DECIDE_USAGE)
  }
  // a byte-order mark belongs to the file, not to the record: left in, it would count as a hidden character
  return text.startsWith('\uFEFF') ? text.slice(1) : text
}

async function readRecord(file: string): Promise<string> {
  const text = await readText(file, 'record')
  if (!text.trim()) throw new UsageError(`the record ${file} is empty`, DECIDE_USAGE)
  if (text.length > MAX_RECORD_CHARS) {
    throw new UsageError(`the record ${file} has ${text.length} characters; the API takes at most ${MAX_RECORD_CHARS}`, DECIDE_USAGE)
  }
  return text
}

async function readStay(file: string): Promise<Record<string, unknown>> {
  const text = await readText(file, 'stay file')
  let stay: unknown
  try {
    stay = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`the stay file ${file} is not JSON: ${(err as Error).message}`, DECIDE_USAGE)
  }
  if (stay === null || typeof stay !== 'object' || Array.isArray(stay)) {
    throw new UsageError(`the stay file ${file} must hold a JSON object, e.g. {"uhcd_admission": "2025-03-14T23:15"}`, DECIDE_USAGE)
  }
  return stay as Record<string, unknown>
}

function llmConfig(env: Record<string, string | undefined>): LlmConfig {
  try {
    return llmConfigFromEnv(env)
  } catch (err) {
    if (err instanceof LlmConfigError) throw new CliError('CONFIG', err.message)
    throw err
  }
}

/** `rpa t2a decide`: one T2A decision in this process, with the provider of the LLM_* variables. */
export const decideT2a: Command = async (args, { env, out }) => {
  const { values, positionals } = parseCommandArgs(
    args,
    { record: { type: 'string' }, stay: { type: 'string' }, json: { type: 'boolean' } },
    DECIDE_USAGE,
  )
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, DECIDE_USAGE)
  if (!values.record) throw new UsageError('--record is required', DECIDE_USAGE)
  const input: DecisionInput = { recordText: await readRecord(values.record) }
  if (values.stay !== undefined) input.stay = await readStay(values.stay)
  const config = llmConfig(env)

  // The key goes to the model server and nowhere else: not in a report, a JSON document or an error line.
  const apiKey = config.provider === 'rules' ? undefined : config.apiKey
  const redact = (text: string) => (apiKey ? text.split(apiKey).join('[LLM_API_KEY]') : text)

  const { decision, errorCode } = await runDecision(config, input)
  println(out, redact(values.json ? asJson(decision) : decisionReport(decision, input.recordText)))
  if (errorCode) throw new CliError(errorCode, redact(decision.error ?? 'the decision failed'))
}
