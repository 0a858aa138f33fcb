import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'

const COLOURS = [36, 35, 33, 32, 34, 31] // cyan, magenta, yellow, green, blue, red

export interface Tagger {
  /** `[name]` padded to the longest name, in the name's colour when the terminal has colours */
  tag(name: string): string
}

export function createTagger(names: string[], colours: boolean): Tagger {
  const width = Math.max(...names.map((n) => n.length)) + 2
  return {
    tag(name) {
      const label = `[${name}]`.padEnd(width)
      const i = names.indexOf(name)
      if (!colours) return label
      const code = i < 0 ? 90 : COLOURS[i % COLOURS.length]!
      return `\x1b[${code}m${label}\x1b[0m`
    },
  }
}

/** Copies `input` to `output` line by line, each line behind `tag`. */
export function pipeTagged(input: Readable, output: Writable, tag: string): void {
  createInterface({ input, crlfDelay: Infinity }).on('line', (line) => output.write(`${tag} ${line}\n`))
}
