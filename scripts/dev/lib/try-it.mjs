function secretsFile(stateDir) {
  const file = `${stateDir.replace(/\/+$/, '')}/identity-secrets.json`;
  return /^(\/|\.\.?\/)/.test(file) ? file : `./${file}`;
}

/**
 * What to do next, printed once the dev stack is up: get a token for the sample agent, then
 * list and call the sample server's tools through the gateway. Commands only, no secrets: the
 * secret is read from the file the auth service generated.
 */
export function tryItText(processes, stateDir = '.dev') {
  const port = (name) => processes.find((proc) => proc.name === name)?.port;
  const auth = `http://127.0.0.1:${port('auth')}`;
  const gateway = `http://127.0.0.1:${port('gateway')}/mcp`;
  const registry = `http://127.0.0.1:${port('registry')}`;
  return [
    'Try it — an agent calls a tool through the gateway:',
    '',
    `  SECRET=$(node -p "require('${secretsFile(stateDir)}').clients['crm-agent']")`,
    `  TOKEN=$(curl -s -u "crm-agent:$SECRET" -d grant_type=client_credentials \\`,
    `    ${auth}/auth/realms/dev/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    '',
    `  npx @modelcontextprotocol/inspector@1.0.3 --cli ${gateway} --transport http \\`,
    `    --header "Authorization: Bearer $TOKEN" --method tools/list`,
    `  npx @modelcontextprotocol/inspector@1.0.3 --cli ${gateway} --transport http \\`,
    `    --header "Authorization: Bearer $TOKEN" --method tools/call \\`,
    `    --tool-name acme-crm__search_contacts --tool-arg query=scorpio`,
    '',
    `  curl -s -H "Authorization: Bearer $TOKEN" "${registry}/v1/discovery/tools?environment=dev"`,
    '',
  ].join('\n');
}
