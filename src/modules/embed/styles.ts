// The listing's look, shared by the iframe page and the custom element's shadow root.

/**
 * Partners theme through public custom properties (`--ed-link`, `--ed-text`, ...), which inherit
 * from anywhere on their page; each theme only supplies the fallbacks. `inherit` on the font lets
 * the element take the partner's typography, so it looks at home.
 */
export function listingCss(selectors: { root: string; dark: string; auto: string }): string {
  const light = '--_text:#1f2328;--_muted:#59636e;--_link:#0b57d0;--_bg:transparent;--_card:#ffffff;--_border:#d1d9e0;--_focus:#0b57d0';
  const dark = '--_text:#e6edf3;--_muted:#9ea8b3;--_link:#8ab4f8;--_bg:transparent;--_card:#161b22;--_border:#3d444d;--_focus:#8ab4f8';
  return `${selectors.root}{${light};display:block;color:var(--ed-text,var(--_text));background:var(--ed-background,var(--_bg));font-family:var(--ed-font,inherit);font-size:var(--ed-font-size,1rem);line-height:1.45}
${selectors.dark}{${dark}}
@media (prefers-color-scheme:dark){${selectors.auto}{${dark}}}
.ed-list{list-style:none;margin:0;padding:0;display:grid;gap:var(--ed-gap,.75rem)}
.ed-item{margin:0;padding:.75rem 1rem;background:var(--ed-card,var(--_card));border:1px solid var(--ed-border,var(--_border));border-radius:var(--ed-radius,8px)}
.ed-title{color:var(--ed-link,var(--_link));font-weight:600;text-decoration:underline;text-underline-offset:.15em;text-decoration-thickness:from-font}
.ed-title:hover{text-decoration-thickness:2px}
a:focus-visible{outline:3px solid var(--ed-focus,var(--_focus));outline-offset:2px;border-radius:2px}
.ed-meta{margin:.25rem 0 0;color:var(--ed-muted,var(--_muted));font-size:.875em}
.ed-desc{margin:.35rem 0 0}
.ed-more,.ed-empty,.ed-status{margin:.75rem 0 0;font-size:.875em;color:var(--ed-muted,var(--_muted))}
.ed-more a{color:var(--ed-link,var(--_link))}
.ed-error{padding:.5rem .75rem;border:1px solid #b3261e;border-left-width:4px;border-radius:4px;color:var(--ed-text,var(--_text))}
[dir=auto]{unicode-bidi:plaintext}`;
}

export const shadowCss = listingCss({ root: ':host', dark: ':host([theme=dark])', auto: ':host([theme=auto]),:host(:not([theme]))' });
export const frameCss = `${listingCss({ root: ':root', dark: ':root[data-theme=dark]', auto: ':root[data-theme=auto]' })}
body{margin:0;padding:2px}`;
