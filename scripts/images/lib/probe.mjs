// One HTTP GET for build-and-smoke (curl is not guaranteed on the host, node is):
//   node probe.mjs URL
// Prints "<status> <body, first 300 characters>"; exits 0 on 200, 1 on another status,
// 2 when nothing answered within 3 s.
const [url] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: node probe.mjs URL\n');
  process.exit(64);
}
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  const body = (await res.text()).replace(/\s+/g, ' ').slice(0, 300);
  process.stdout.write(`${res.status} ${body}\n`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (error) {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  process.stdout.write(`no answer (${cause instanceof Error ? cause.message : String(cause)})\n`);
  process.exit(2);
}
