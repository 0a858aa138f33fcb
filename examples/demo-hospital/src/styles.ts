/**
 * The one stylesheet, inlined in every page. Vision-friendly on purpose: installed fonts only (Liberation Sans, then
 * DejaVu Sans), body text at 16px or more, dark text on white, solid borders, no animation, no transition, no shadow
 * gradients; a centred container with a max width, so element positions move when the window width changes.
 */
export const STYLES = `
*, *::before, *::after { box-sizing: border-box; animation: none !important; transition: none !important; }
html, body { margin: 0; padding: 0; }
body { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 16px; line-height: 1.4; color: #111; background: #eef1f5; }
a { color: #1f4e8c; }
h1 { font-size: 24px; margin: 0; }
h2 { font-size: 19px; margin: 0 0 8px; }

.topbar { display: flex; align-items: center; justify-content: space-between; height: 48px; padding: 0 24px; background: #1f3a5f; color: #fff; }
.topbar .brand { color: #fff; font-size: 18px; font-weight: bold; text-decoration: none; }
.topbar .user { font-size: 16px; }

.container { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
main[data-loading] { visibility: hidden; }

.button { display: inline-block; font: inherit; font-size: 16px; font-weight: bold; line-height: 20px; padding: 9px 20px; border-radius: 4px; border: 2px solid #1f4e8c; cursor: pointer; text-decoration: none; white-space: nowrap; }
.button.primary { background: #1f4e8c; color: #fff; }
.button.secondary { background: #fff; color: #1f4e8c; }
.button.small { padding: 5px 16px; }

.banner { display: flex; align-items: center; justify-content: space-between; gap: 16px; background: #fff; border: 1px solid #9aa7b8; border-left: 6px solid #1f3a5f; padding: 12px 18px; margin-bottom: 16px; }
.banner .actions { display: flex; gap: 12px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 6px 0 0; font-size: 16px; }
.facts span b { font-weight: bold; }

label { font-weight: bold; }
input[type=text], textarea { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 16px; color: #111; background: #fff; border: 2px solid #6b7a8f; border-radius: 3px; padding: 7px 10px; }
textarea { width: 100%; resize: none; line-height: 20px; }

.search { display: flex; align-items: center; gap: 12px; margin: 14px 0; }
.search input { width: 200px; }
.search .summary { margin-left: 8px; }

table.patients { width: 100%; table-layout: fixed; border-collapse: collapse; background: #fff; border: 1px solid #9aa7b8; }
table.patients th { text-align: left; padding: 10px 14px; background: #dde4ee; border-bottom: 2px solid #9aa7b8; }
table.patients td { padding: 8px 14px; border-bottom: 1px solid #c9d1dc; }
table.patients td.empty { padding: 18px 14px; font-weight: bold; }

.record { display: grid; grid-template-columns: minmax(0, 660px) minmax(260px, 1fr); gap: 24px; align-items: start; }
.observation { background: #fff; border: 2px solid #6b7a8f; padding: 14px 18px; font-size: 17px; line-height: 1.5; }
.observation p { margin: 0 0 10px; }
.observation p:last-child { margin-bottom: 0; }
.card { background: #fff; border: 1px solid #9aa7b8; padding: 10px 16px; margin-bottom: 14px; }
.card h2 { font-size: 17px; margin-bottom: 6px; }
.card ul { margin: 0; padding-left: 20px; }
.card dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; }
.card dt { font-weight: bold; }
.card dd { margin: 0; }

.coding { display: grid; grid-template-columns: 330px 1fr; gap: 14px 20px; align-items: start; background: #fff; border: 1px solid #9aa7b8; padding: 16px 18px; }
.coding label { padding-top: 8px; }
.coding input#decision { width: 320px; }
.coding .hint { margin: 4px 0 0; font-size: 15px; color: #333; }
.error { background: #fdecea; border: 2px solid #b3261e; color: #8c1d18; font-weight: bold; padding: 10px 16px; margin-bottom: 14px; }

.saved-title { color: #1b5e20; }
.banner.success { border-left-color: #2e7d32; }
.evidence { display: grid; grid-template-columns: 330px 1fr; gap: 10px 20px; background: #fff; border: 1px solid #9aa7b8; padding: 16px 18px; }
.evidence dt { font-weight: bold; }
.evidence dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.evidence dd.none { font-style: italic; color: #444; }
`
