/** The short names of the three UHCD criteria, as the coding form labels them. */
export const CRITERION_LABELS: readonly [string, string, string] = [
  'Critère 1 — pathologie évolutive / diagnostic incertain',
  'Critère 2 — surveillance médicale et paramédicale',
  'Critère 3 — examens complémentaires ou actes thérapeutiques',
]
