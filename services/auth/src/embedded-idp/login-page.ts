function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The embedded provider's dev sign-in form. Plain HTML, no script: tests post it as a browser. */
export function loginPage(input: {
  action: string;
  csrfToken: string;
  clientId: string;
  error?: string;
}): string {
  const error = input.error === undefined ? '' : `<p role="alert">${escapeHtml(input.error)}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in (dev identity provider)</title></head>
<body>
<h1>Sign in to ${escapeHtml(input.clientId)}</h1>
<p>Development identity provider. Passwords are in the dev secrets file, under <code>users</code>.</p>
${error}
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(input.csrfToken)}">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
</body></html>`;
}
