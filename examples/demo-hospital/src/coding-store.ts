import type { Coding } from './coding.js'

/** The codings stored by one app, in memory, in the order they were saved. */
export class CodingStore {
  #entries: { id: number; coding: Coding }[] = []
  #nextId = 1

  /** Stores a coding; returns its id (never reused, even after reset, so a stale confirmation URL finds nothing). */
  add(coding: Coding): number {
    const id = this.#nextId++
    this.#entries.push({ id, coding: structuredClone(coding) })
    return id
  }

  get(id: number): Coding | undefined {
    const found = this.#entries.find((e) => e.id === id)
    return found && structuredClone(found.coding)
  }

  all(): Coding[] {
    return this.#entries.map((e) => structuredClone(e.coding))
  }

  reset(): void {
    this.#entries = []
  }
}
