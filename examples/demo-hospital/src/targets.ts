/**
 * The `data-target` attributes of the elements a replay workflow needs, page by page. Tests and the bundle maker find
 * the elements' boxes with `[data-target="…"]`.
 */

/** The "Ouvrir" button of a patient's row in the list. */
export const openButtonTarget = (ipp: string) => `open-${ipp}`

export const LIST_TARGETS = ['search-ipp', 'search-button'] as const
export const RECORD_TARGETS = ['observation-title', 'observation', 'coding-button'] as const
export const CODING_TARGETS = ['decision', 'criterion-1', 'criterion-2', 'criterion-3', 'validate'] as const
export const SAVED_TARGETS = ['saved'] as const

/** Every target the workflow needs, in workflow order, for the patient with this IPP. */
export function workflowTargets(ipp: string): string[] {
  return [...LIST_TARGETS, openButtonTarget(ipp), ...RECORD_TARGETS, ...CODING_TARGETS, ...SAVED_TARGETS]
}
