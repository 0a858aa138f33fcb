import t from 'tap'
import { parseDecision } from '../src/index.js'

t.test('codes and labels, case, accents and spacing ignored', async (t) => {
  const cases: [string, string | null][] = [
    ['ghs', 'ghs'],
    ['GHS', 'ghs'],
    ['  Ghs\t', 'ghs'],
    ['forfait_urgence', 'forfait_urgence'],
    ['Forfait urgence', 'forfait_urgence'],
    ['FORFAIT   URGENCE', 'forfait_urgence'],
    ['to_review', 'to_review'],
    ['TO REVIEW', 'to_review'],
    ['À revoir', 'to_review'],
    ['a revoir', 'to_review'],
    ['', null],
    ['g h s', null],
    ['forfait', null],
    ['out_of_scope', null],
    ['ghs ghs', null],
  ]
  for (const [typed, expected] of cases) t.equal(parseDecision(typed), expected, JSON.stringify(typed))
})
