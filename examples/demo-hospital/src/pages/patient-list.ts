import { html, type Html } from '../html.js'
import { listPath, recordPath } from '../paths.js'
import { fullName, type Patient } from '../patients.js'
import { openButtonTarget } from '../targets.js'

const row = (p: Patient) => html`
    <tr data-target="patient-row-${p.ipp}">
      <td>${p.ipp}</td><td>${p.lastName}</td><td>${p.firstName}</td><td>${p.age} ans</td>
      <td>${p.arrivalDate.slice(0, 5)} ${p.arrivalTime}</td><td>${p.complaint}</td>
      <td><a class="button secondary small" href="${recordPath(p.ipp)}" data-target="${openButtonTarget(p.ipp)}" aria-label="Ouvrir le dossier de ${fullName(p)}">Ouvrir</a></td>
    </tr>`

/** "Urgences — Liste des patients": the IPP search and the table of patients (only the matching one after a search). */
export function patientListPage(patients: readonly Patient[], search: string | undefined): Html {
  const summary =
    search === undefined
      ? html``
      : html`<span class="summary" data-target="search-summary">Recherche IPP « ${search} » : ${patients.length} résultat${patients.length > 1 ? 's' : ''}</span>
      <a href="${listPath()}" data-target="search-clear">Tous les patients</a>`
  const rows = patients.length
    ? patients.map(row)
    : [html`<tr><td class="empty" colspan="7" data-target="no-patient">Aucun patient</td></tr>`]
  return html`
  <h1 data-target="page-title">Urgences — Liste des patients</h1>
  <form class="search" method="get" action="${listPath()}" role="search">
    <label for="ipp">IPP</label>
    <input type="text" id="ipp" name="ipp" value="${search ?? ''}" autocomplete="off" spellcheck="false" data-target="search-ipp">
    <button type="submit" class="button primary" data-target="search-button">Rechercher</button>
    ${summary}
  </form>
  <table class="patients" data-target="patient-table">
    <colgroup><col style="width: 110px"><col style="width: 150px"><col style="width: 140px"><col style="width: 90px"><col style="width: 130px"><col><col style="width: 120px"></colgroup>
    <thead><tr><th>IPP</th><th>Nom</th><th>Prénom</th><th>Âge</th><th>Arrivée</th><th>Motif</th><th></th></tr></thead>
    <tbody>${rows}
    </tbody>
  </table>`
}
