import { CliError, parseCommandArgs, println, UsageError, type Command } from '../command.js'
import { asJson } from '../format.js'
import { parseBbox, parseScreen } from '../resolve/args.js'
import { readBatch, runBatch } from '../resolve/batch.js'
import { readInput } from '../resolve/files.js'
import { LocalResolver } from '../resolve/local-resolver.js'

export const RESOLVE_USAGE = [
  'rpa resolve --screenshot FILE --anchor FILE [--bbox x,y,w,h] [--screen WxH[@scale]] [--text STR] [--context FILE]',
  'rpa resolve --batch FILE.jsonl',
]
const USAGE = RESOLVE_USAGE.join('\n   or: ')
const SINGLE_FLAGS = ['screenshot', 'anchor', 'bbox', 'screen', 'text', 'context'] as const

/** Finds an anchor on a screenshot with the resolve chain, in this process (no server involved). */
export const resolveAnchorLocally: Command = async (args, { out, config }) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      screenshot: { type: 'string' }, anchor: { type: 'string' }, bbox: { type: 'string' }, screen: { type: 'string' },
      text: { type: 'string' }, context: { type: 'string' }, batch: { type: 'string' },
    },
    USAGE,
  )
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, USAGE)
  const given = SINGLE_FLAGS.filter((f) => values[f] !== undefined)
  if (values.batch !== undefined && given.length) throw new UsageError(`--batch takes its cases from the file; --${given[0]} does not go with it`, USAGE)
  if (values.batch === undefined && (!values.screenshot || !values.anchor)) throw new UsageError('--screenshot and --anchor are required (or --batch FILE)', USAGE)
  const bbox = parseBbox(values.bbox, USAGE)
  const screen = parseScreen(values.screen, USAGE)

  // Inputs are read (and a batch checked) before OpenCV and the engines load: a wrong path costs no start-up.
  const batch = values.batch === undefined ? undefined : await readBatch(values.batch)
  const [screenshot, image, context] = batch ? [] : await Promise.all([
    readInput(values.screenshot!), readInput(values.anchor!), values.context ? readInput(values.context) : undefined,
  ])

  const resolver = await LocalResolver.open({ uiDetrModel: config.uiDetrModel })
  try {
    if (batch) return await runBatch(batch, resolver, out)
    const anchor = { image: image!, bbox, screen, target_text: values.text, context }
    const { result } = await resolver.resolve({ screenshot: screenshot!, anchor }).catch((err: unknown) => {
      throw new CliError('RESOLVE_FAILED', (err as Error).message)
    })
    println(out, asJson(result))
  } finally {
    await resolver.close()
  }
}
