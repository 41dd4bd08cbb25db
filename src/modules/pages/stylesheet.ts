// The one stylesheet of the public pages: light and dark themes (prefers-color-scheme) and print, served under a hashed URL.
import { createHash } from 'node:crypto';

const css = `:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0a58a8;--visited:#6a3fa0;
--accent:#0a58a8;--accent-fg:#ffffff;--chip:#e7f0fa;--warn:#9a1c1c;--mark:#fff3b0;--focus:#c45500;--radius:.5rem;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.55}
@media (prefers-color-scheme:dark){:root{--bg:#12161b;--fg:#e6edf3;--muted:#a3adb8;--line:#3a434d;--panel:#1c232b;--link:#8cc4ff;--visited:#cfb2ff;
--accent:#8cc4ff;--accent-fg:#0b1420;--chip:#1f3347;--warn:#ffb4b4;--mark:#5c4b00;--focus:#ffb15e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg)}
a{color:var(--link);text-underline-offset:.15em}a:visited{color:var(--visited)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:2}.skip:focus{left:1rem}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.site-header{border-bottom:1px solid var(--line);background:var(--panel)}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding-block:.75rem}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--fg)!important}
.site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.site-nav a{text-decoration:none;font-weight:500}.site-nav a[aria-current=page]{text-decoration:underline;text-decoration-thickness:2px}
.site-search{margin-left:auto;display:block}.site-search form{display:flex;gap:.25rem}
input,select,button{font:inherit;color:inherit}
input[type=search],input[type=text],input[type=month],select{padding:.35rem .5rem;border:1px solid var(--muted);border-radius:.35rem;background:var(--bg);color:var(--fg)}
button,.button{display:inline-block;padding:.35rem .8rem;border:1px solid var(--accent);border-radius:.35rem;background:var(--accent);color:var(--accent-fg)!important;text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:transparent;color:var(--link)!important}
main{padding-block:1rem 3rem;min-height:60vh}
h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0 1rem}h2{font-size:1.3rem;margin:1.75rem 0 .5rem}h3{font-size:1.05rem;margin:.25rem 0}
.breadcrumbs ol{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.25rem;font-size:.92rem;color:var(--muted)}
.breadcrumbs li+li::before{content:"›";margin-right:.35rem}
.lede{font-size:1.1rem;color:var(--muted);max-width:46rem}
article{max-width:46rem}dt{font-weight:600}dd{margin:0 0 .5rem}.status{font-weight:700;color:var(--warn)}
.layout{display:grid;grid-template-columns:16rem 1fr;gap:2rem;align-items:start}
@media (max-width:50rem){.layout{grid-template-columns:1fr}}
.facets fieldset{border:0;border-top:1px solid var(--line);margin:0;padding:.75rem 0}
.facets legend{font-weight:600;padding:0}
.facets ul{list-style:none;margin:.25rem 0 0;padding:0;max-height:18rem;overflow:auto}
.facets li{display:flex;gap:.4rem;align-items:baseline;padding:.1rem 0}
.facets label{flex:1}.count{color:var(--muted);font-variant-numeric:tabular-nums;font-size:.9rem}
.facets .field{display:grid;gap:.25rem;margin:.25rem 0}.facets .field input,.facets .field select{width:100%}
.depth-1{padding-left:1rem!important}.depth-2{padding-left:2rem!important}.depth-3{padding-left:3rem!important}
.chips{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.5rem 0}
.chips a{display:inline-flex;gap:.35rem;align-items:center;background:var(--chip);border-radius:1rem;padding:.15rem .7rem;text-decoration:none;color:var(--fg)!important}
.chips a span[aria-hidden]{font-weight:700}
.result-count{font-weight:600;margin:.25rem 0}
.tabs{display:flex;gap:1rem;list-style:none;padding:0;margin:0 0 .5rem;border-bottom:1px solid var(--line)}
.tabs a{display:inline-block;padding:.35rem 0;text-decoration:none}.tabs a[aria-current]{border-bottom:3px solid var(--accent);font-weight:600}
.cards{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
.card{border:1px solid var(--line);border-radius:var(--radius);padding:.75rem 1rem;background:var(--bg)}
.card h3 a{text-decoration:none}.card h3 a:hover{text-decoration:underline}
.meta{color:var(--muted);font-size:.92rem;margin:.15rem 0}.card p{margin:.25rem 0}
mark{background:var(--mark);color:inherit}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:1.25rem 0}
.offer{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;border-top:1px solid var(--line);margin-top:1.5rem;padding-top:.75rem;font-size:.95rem}
.offer h2{font-size:1rem;margin:0 0 .25rem}.offer ul{margin:0;padding-left:1.1rem}
.empty{border:1px dashed var(--line);border-radius:var(--radius);padding:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1.5rem}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:var(--radius);padding:1rem}
.tree,.tree ul{list-style:none;padding-left:1rem;margin:.2rem 0}.tree{padding-left:0}
.calendar{width:100%;border-collapse:collapse;table-layout:fixed}
.calendar th{font-size:.85rem;color:var(--muted);padding:.25rem}
.calendar td{border:1px solid var(--line);vertical-align:top;height:6.5rem;padding:.25rem;font-size:.85rem;overflow-wrap:anywhere}
.calendar td.other{background:var(--panel);color:var(--muted)}.calendar .day{font-weight:600;display:block}
.calendar ul{list-style:none;padding:0;margin:0}.calendar li{margin:.15rem 0}
@media (max-width:40rem){.calendar thead{display:none}.calendar,.calendar tbody,.calendar tr,.calendar td{display:block;height:auto}.calendar td.other,.calendar td.none{display:none}}
.site-footer{border-top:1px solid var(--line);background:var(--panel);font-size:.92rem;padding-block:1rem}
.site-footer p{margin:.25rem 0}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media print{:root{--bg:#fff;--fg:#000;--muted:#333;--link:#000;--visited:#000;--line:#999;--panel:#fff;--chip:#fff}
.site-header nav,.site-search,.facets,.offer,.pager,.skip,.js-only,form{display:none!important}
.layout{display:block}.card{break-inside:avoid;border-color:#999}
main a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em;word-break:break-all}
.site-footer{display:none}}`;

export const stylesheet = css;
const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
/** Content-addressed: a new stylesheet gets a new address, so browsers may keep this one for a year. */
export const stylesheetPath = `/assets/site.${hash}.css`;
