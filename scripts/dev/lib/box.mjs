/** Draws `lines` in a box, so the URLs stand out from the log stream. */
export function box(title, lines) {
  const width = Math.max(title.length + 2, ...lines.map((line) => line.length));
  const top = `┌─ ${title} ${'─'.repeat(width - title.length - 1)}┐`;
  const body = lines.map((line) => `│ ${line.padEnd(width)} │`);
  const bottom = `└${'─'.repeat(width + 2)}┘`;
  return [top, ...body, bottom].join('\n');
}

/** One row per useful URL of each process. */
export function urlLines(processes) {
  const width = Math.max(...processes.map((proc) => proc.name.length));
  return processes.flatMap((proc) =>
    proc.links.map((link, i) => {
      const label = i === 0 ? proc.name.padEnd(width) : ' '.repeat(width);
      return `${label}  http://${proc.host}:${proc.port}${link}`;
    }),
  );
}
