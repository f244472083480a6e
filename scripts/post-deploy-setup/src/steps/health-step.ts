import { passed, type Step } from '../step.js';

type Probe = { ok: true } | { ok: false; reachable: boolean; problem: string };

async function probe(url: string): Promise<Probe> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
    await res.body?.cancel();
    return res.status === 200
      ? { ok: true }
      : { ok: false, reachable: true, problem: `${res.status}` };
  } catch {
    return { ok: false, reachable: false, problem: 'not reachable' };
  }
}

/** `/healthz` and `/readyz` of each service; not running locally is a skip unless required. */
export const healthStep: Step = {
  name: 'health',
  title: 'service health (/healthz, /readyz)',
  async run(ctx) {
    if (ctx.services.length === 0) return { status: 'skip', reason: 'no service URLs given' };
    const notRunning: string[] = [];
    const failures: string[] = [];
    for (const service of ctx.services) {
      const base = service.url.replace(/\/+$/, '');
      for (const path of ['/healthz', '/readyz']) {
        const result = await probe(`${base}${path}`);
        if (result.ok) continue;
        if (!result.reachable) notRunning.push(service.name);
        else failures.push(`${service.name}${path} answered ${result.problem}`);
        if (!result.reachable) break;
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
    if (notRunning.length > 0) {
      const reason = `not running: ${notRunning.join(', ')}`;
      if (ctx.requireServices || ctx.env !== 'local') throw new Error(reason);
      return notRunning.length === ctx.services.length
        ? { status: 'skip', reason: `skipped: ${reason}` }
        : passed('unchanged', `skipped ${reason}`);
    }
    return passed('unchanged', `${ctx.services.map((s) => s.name).join(', ')} healthy and ready`);
  },
};
