import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { CliConfig, Env } from '@rpa-vision/config'
import type { Client } from './client.js'

export interface Output {
  write(chunk: string): unknown
}

export interface CommandContext {
  config: CliConfig
  /** the environment the command runs in, for settings of its own (t2a decide reads LLM_*) */
  env: Env
  client: Client
  out: Output
  err: Output
}

/** A command gets its own arguments (after `rpa <group> <name>`, or `rpa <name>`) and prints; failures are thrown. */
export type Command = (args: string[], ctx: CommandContext) => Promise<void>

/** A failure worth one line: printed as `error CODE: message`, exit code 1. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** The command line itself is wrong: exit code 2, with the command's usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

type Options = NonNullable<ParseArgsConfig['options']>
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>

export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message, usage)
  }
}

export function exactlyOne(positionals: string[], what: string, usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}, got ${positionals.length}`, usage)
  return positionals[0]!
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, usage: string): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`, usage)
  return value as T
}

export function nonNegativeInt(value: string | undefined, flag: string, usage: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number; got "${value}"`, usage)
  return Number(value)
}

export function println(out: Output, text = ''): void {
  out.write(`${text}\n`)
}
