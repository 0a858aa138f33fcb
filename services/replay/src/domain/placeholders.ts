const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)\s*\}\}/g

/** The variable names (the part before any `.path`) a text refers to. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))]
}

export class MissingVariableError extends Error {
  override name = 'MissingVariableError'
}

function render(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** Fills `{{name}}` and `{{name.field.sub}}` from the session's variables; a missing one is an error, never an empty string. */
export function fillPlaceholders(text: string, variables: Record<string, unknown>): string {
  return text.replace(PLACEHOLDER, (whole, name: string, path: string) => {
    // own fields only: `{{t2a.constructor}}` must not find Object.prototype's
    let value: unknown = Object.hasOwn(variables, name) ? variables[name] : undefined
    if (value === undefined) throw new MissingVariableError(`${whole} has no value: the variable "${name}" is not set`)
    for (const key of path.split('.').slice(1)) {
      value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
      if (value === undefined) throw new MissingVariableError(`${whole} has no value: "${name}" has no field "${path.slice(1)}"`)
    }
    return render(value)
  })
}
