import { Agent, request } from 'node:http';

// An open-loop load generator: requests start on a fixed schedule (rate per second)
// whether or not earlier ones have finished, and latency is measured from the
// scheduled start, so a slow server cannot hide its queueing (no coordinated omission).
// autocannon's own rate limit sends each second's quota in one burst, which measures
// something else; it is used here only for the closed-loop maximum throughput.

export interface LoadResult {
  sent: number;
  failed: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function fixedRate(base: string, paths: string[], rate: number, seconds: number): Promise<LoadResult> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failed = 0;
  let done = 0;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      if (++done < total) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const r = (v: number) => Math.round(v * 10) / 10;
      resolve({
        sent: total,
        failed,
        seconds: (performance.now() - t0) / 1000,
        p50: r(percentile(latencies, 50)),
        p90: r(percentile(latencies, 90)),
        p99: r(percentile(latencies, 99)),
        max: r(latencies[latencies.length - 1] ?? NaN),
      });
    };
    const fire = (i: number, scheduled: number) => {
      const req = request({ host: url.hostname, port: url.port, path: paths[i % paths.length], agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode !== 200) failed++;
          latencies.push(performance.now() - scheduled);
          finish();
        });
      });
      req.on('error', () => {
        failed++;
        latencies.push(performance.now() - scheduled);
        finish();
      });
      req.end();
    };
    let next = 0;
    const tick = () => {
      // Catch up on every request whose time has come; timers are coarse.
      const now = performance.now();
      while (next < total && t0 + (next * 1000) / rate <= now) {
        fire(next, t0 + (next * 1000) / rate);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, t0 + (next * 1000) / rate - performance.now()));
    };
    tick();
  });
}
