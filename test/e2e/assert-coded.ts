import type { Test } from 'tap'
import { findPatient, type DemoHospital } from '@rpa-vision/demo-hospital'
import type { DemoReport } from '../../scripts/lib/demo/report.js'
import { codingFor } from '../../scripts/lib/demo/run-demo.js'

/**
 * What every run of the demo must end with, whatever went wrong on the way: the session succeeded, and the demo
 * hospital holds one coding, for the patient searched, with the decision expected for its record and each
 * criterion's verified evidence — each typed once.
 */
export function assertCodedOnce(t: Test, report: DemoReport, app: DemoHospital, ipp: string): void {
  t.equal(report.status, 'succeeded', 'the session succeeded')
  const codings = app.codings()
  t.equal(codings.length, 1, 'validated exactly once')
  const coding = codingFor(codings, ipp)
  t.ok(coding, `the coding is for the patient searched (IPP ${ipp})`)
  const decision = report.decision
  t.ok(decision, 'the session holds the T2A decision')
  if (!coding || !decision) return
  t.equal(decision.final_decision, findPatient(ipp)!.expectedDecision, 'the decision expected for this record')
  t.equal(coding.decision, decision.final_decision, 'the form holds the decision, typed once')
  t.same(coding.criteria, decision.criteria.map((c) => c.evidence), "each criterion's field holds its verified evidence, typed once")
}
