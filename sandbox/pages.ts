import type { Personality, SandboxUser } from "./context";

/** What the pages need to know about the provider they stand in for. */
export type PageBrand = Pick<Personality, "brand" | "consent">;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f4f1;color:#1d1d1b}
main{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #ccc;border-radius:8px}
.banner{font-size:.85rem;background:#fff4c2;padding:.5rem;border-radius:4px}
fieldset{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem}
.user{display:flex;align-items:center;gap:.5rem;margin:.5rem 0}
.user label{display:flex;align-items:center;gap:.75rem;cursor:pointer}
.user img{border-radius:50%}
.meta{display:block;font-size:.85rem;color:#555}
.actions{display:flex;gap:1rem;margin-top:1rem}
button{font-size:1rem;padding:.5rem 1.25rem;border-radius:4px;border:1px solid #333;cursor:pointer}
button[value=authorize]{background:#1d1d1b;color:#fff}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
`;

function layout(look: PageBrand, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} | ${look.brand.name} sandbox`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="banner">${escapeHtml(look.brand.name)} sandbox: a local stand-in for ${escapeHtml(look.brand.site)}. No real account is involved.</p>
${body}
</main>
</body>
</html>
`;
}

function userChoice(user: SandboxUser, checked: boolean): string {
  const id = `user-${user.username}`;
  return `<div class="user">
<input type="radio" id="${escapeHtml(id)}" name="user" value="${escapeHtml(user.username)}"${checked ? " checked" : ""}>
<label for="${escapeHtml(id)}"><img src="${escapeHtml(user.avatarPath)}" alt="" width="48" height="48"><span>${escapeHtml(user.display)}<span class="meta">${escapeHtml(user.meta)}</span></span></label>
</div>`;
}

export function consentPage(look: PageBrand, args: { appName: string; token: string; users: readonly SandboxUser[] }): string {
  const app = escapeHtml(args.appName);
  return layout(
    look,
    `Authorize ${args.appName}`,
    `<h1>Authorize ${app}?</h1>
<p><strong>${app}</strong> wants to access your ${escapeHtml(look.brand.name)} account: ${escapeHtml(look.consent.access)}. It will not see your password.</p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="oauth_token" value="${escapeHtml(args.token)}">
<fieldset>
<legend>Sign in as</legend>
${args.users.map((u, i) => userChoice(u, i === 0)).join("\n")}
</fieldset>
<div class="actions">
<button name="action" value="authorize">${escapeHtml(look.consent.authorize)}</button>
<button name="action" value="deny">${escapeHtml(look.consent.deny)}</button>
</div>
</form>`,
  );
}

export function errorPage(look: PageBrand, title: string, message: string): string {
  return layout(look, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

export function redirectPage(look: PageBrand, location: string): string {
  return layout(look, "Redirecting", `<p><a href="${escapeHtml(location)}">Continue to the application</a></p>`);
}

export function avatarSvg(user: { username: string; name: string; avatarColor: string }): string {
  const initials =
    (user.name || user.username)
      .split(/[\s_]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase() ?? "")
      .join("") || "?";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${escapeHtml(user.username)}">
<circle cx="48" cy="48" r="48" fill="${escapeHtml(user.avatarColor)}"/>
<circle cx="48" cy="48" r="30" fill="none" stroke="#ffffff33" stroke-width="2"/>
<text x="48" y="60" font-family="sans-serif" font-size="34" font-weight="bold" text-anchor="middle" fill="#fff">${escapeHtml(initials)}</text>
</svg>
`;
}
