/**
 * `pnpm bench`: speed and accuracy figures for the generator and the fake origin, printed as ratios against peers
 * (autocannon; wrk when installed) run in the same process tree against the same trivial server. A script, not a
 * test: it prints what it measured, marks each target met or missed, and always exits 0 unless it could not run.
 *
 * CPU is measured from outside the measured process for every tool alike: bash's `times` (children's user+sys) for
 * client runs, /proc/<pid>/stat deltas for long-lived servers. Servers run in their own processes so their CPU is
 * never charged to a client.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'packages/scenarios/dist/cli.js');
const require = createRequire(join(root, 'package.json'));
const autocannonBin = join(require.resolve('autocannon/package.json'), '..', 'autocannon.js');
const hasWrk = spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).status === 0;
const quick = process.env.BENCH_QUICK === '1';
const SECONDS = quick ? 4 : 10;
const SHORT_S = quick ? 2 : 3;
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const scratch = mkdtempSync(join(tmpdir(), 'stampede-bench-'));

interface Row {
  figure: string;
  measured: string;
  target: string;
  met: boolean | null;
}
const rows: Row[] = [];
function record(figure: string, measured: string, target: string, met: boolean | null): void {
  rows.push({ figure, measured, target, met });
  const mark = met === null ? 'info' : met ? 'MET ' : 'MISS';
  process.stdout.write(`  [${mark}] ${figure}: ${measured}   (target ${target})\n`);
}

/** Starts a child that prints a first stdout line when ready; resolves with that line. */
async function startChild(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${cmd} exited (${code}) before it was ready`)));
  });
  rl.close();
  child.stdout!.resume();
  return { child, line };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  });
}

/** user+sys CPU of a live process, ms. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Runs a client to completion under bash and returns its stdout and its (children's) CPU time. */
function runMeasured(cmd: string[], label: string): Promise<{ stdout: string; cpuMs: number }> {
  const out = join(scratch, `${label}.out`);
  const err = join(scratch, `${label}.err`);
  return new Promise((resolve, reject) => {
    const sh = spawn('bash', ['-c', `"$@" >${out} 2>${err}; rc=$?; times; exit $rc`, 'bash', ...cmd], {
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let times = '';
    sh.stdout.on('data', (d: Buffer) => (times += d.toString()));
    sh.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${label} failed (exit ${code}): ${readFileSync(err, 'utf8').slice(-2000)}`));
      const children = times.trim().split('\n')[1] ?? '';
      const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      resolve({ stdout: readFileSync(out, 'utf8'), cpuMs: ((secs[0] ?? 0) + (secs[1] ?? 0)) * 1000 });
    });
  });
}

interface LoadJson {
  summary: {
    requests: number;
    responses: number;
    dropped: number;
    achievedRatePerS: number;
    latencyMs: { p50: number; p99: number; max: number };
    generator: { saturated: boolean; scheduleLagP99Ms: number };
    status: Record<string, number>;
  };
  spec: { durationS: number };
}

async function stampedeLoad(label: string, args: string[]): Promise<{ result: LoadJson; cpuMs: number }> {
  const { stdout, cpuMs } = await runMeasured(['node', cli, 'load', '--json', ...args], label);
  return { result: JSON.parse(stdout) as LoadJson, cpuMs };
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));

/** One measured client run: how many requests it completed and the CPU it used (start-up included). */
type ClientRun = (durationS: number, label: string) => Promise<{ requests: number; cpuMs: number }>;

/**
 * Marginal client CPU per request: each tool runs twice, for SHORT_S and SECONDS, and the figure is
 * ΔCPU / Δrequests. Process start-up and module loading (a fixed cost that differs per tool: node + yargs + piscina
 * vs node + autocannon vs a C binary) cancel out, so the ratio compares the request path itself.
 */
async function marginalCpuUs(run: ClientRun, label: string): Promise<{ us: number; perS: number }> {
  const short = await run(SHORT_S, `${label}-short`);
  const long = await run(SECONDS, `${label}-long`);
  const us = ((long.cpuMs - short.cpuMs) * 1000) / (long.requests - short.requests);
  return { us, perS: long.requests / SECONDS };
}

async function cpuPerRequest(url: string): Promise<void> {
  process.stdout.write(`\n1. Client CPU per request (marginal: runs of ${SHORT_S} s and ${SECONDS} s), 1 client thread, 32 connections\n`);
  const stampedeClosed: ClientRun = async (d, label) => {
    const { result, cpuMs } = await stampedeLoad(label, ['--url', url, '--model', 'closed', '--connections', '32', '--workers', '1', '--duration', `${d}s`, '--keys', '1']);
    return { requests: result.summary.responses, cpuMs };
  };
  const autocannon = (extra: string[]): ClientRun => async (d, label) => {
    const r = await runMeasured(['node', autocannonBin, '-c', '32', ...extra, '-d', String(d), '-j', url], label);
    return { requests: (JSON.parse(r.stdout) as { requests: { total: number } }).requests.total, cpuMs: r.cpuMs };
  };
  const st = await marginalCpuUs(stampedeClosed, 'stampede-closed');
  process.stdout.write(`  stampede (closed): ${fmt(st.perS, 0)} req/s, ${fmt(st.us, 2)} µs CPU/req\n`);
  const ac = await marginalCpuUs(autocannon([]), 'autocannon-closed');
  process.stdout.write(`  autocannon       : ${fmt(ac.perS, 0)} req/s, ${fmt(ac.us, 2)} µs CPU/req\n`);
  record('closed model: stampede / autocannon CPU per request', `${fmt(st.us / ac.us, 2)}× (${fmt(st.us, 1)} vs ${fmt(ac.us, 1)} µs)`, '<= 0.6×', st.us / ac.us <= 0.6);
  if (hasWrk) {
    const wrk: ClientRun = async (d, label) => {
      const r = await runMeasured(['wrk', '-t1', '-c32', `-d${d}s`, url], label);
      return { requests: Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? NaN), cpuMs: r.cpuMs };
    };
    const w = await marginalCpuUs(wrk, 'wrk-closed');
    process.stdout.write(`  wrk              : ${fmt(w.perS, 0)} req/s, ${fmt(w.us, 2)} µs CPU/req\n`);
    record('closed model: stampede / wrk CPU per request', `${fmt(st.us / w.us, 2)}× (${fmt(st.us, 1)} vs ${fmt(w.us, 1)} µs)`, 'info (wrk is C)', null);
  } else process.stdout.write('  wrk              : not installed (apt-get install -y wrk)\n');

  const rate = 5000;
  const stampedeOpen: ClientRun = async (d, label) => {
    const { result, cpuMs } = await stampedeLoad(label, ['--url', url, '--rate', String(rate), '--connections', '32', '--workers', '1', '--duration', `${d}s`, '--keys', '1']);
    return { requests: result.summary.responses, cpuMs };
  };
  const sto = await marginalCpuUs(stampedeOpen, 'stampede-open');
  // autocannon -R is a per-second quota sent in bursts, not evenly spaced arrivals: the closest it has to an open model.
  const aco = await marginalCpuUs(autocannon(['-R', String(rate)]), 'autocannon-open');
  process.stdout.write(`  at ${rate} req/s: stampede open ${fmt(sto.us, 2)} µs/req, autocannon -R ${fmt(aco.us, 2)} µs/req\n`);
  record(`open model at ${rate}/s: stampede / autocannon -R CPU per request`, `${fmt(sto.us / aco.us, 2)}× (${fmt(sto.us, 1)} vs ${fmt(aco.us, 1)} µs)`, '<= 0.6×', sto.us / aco.us <= 0.6);
}

async function rateAccuracy(url: string): Promise<void> {
  process.stdout.write(`\n2. Open-model rate accuracy and schedule lag (${SECONDS} s each, server keeps up)\n`);
  for (const rate of [2000, 5000, 10000]) {
    const { result } = await stampedeLoad(`rate-${rate}`, ['--url', url, '--rate', String(rate), '--duration', `${SECONDS}s`, '--connections', '64', '--keys', '1']);
    const s = result.summary;
    const achieved = s.responses / result.spec.durationS;
    const err = (achieved / rate - 1) * 100;
    record(`achieved rate at ${rate}/s`, `${fmt(achieved, 0)}/s (${err >= 0 ? '+' : ''}${fmt(err, 2)}%, dropped ${s.dropped})`, '±1%', Math.abs(err) <= 1);
    record(`schedule lag p99 at ${rate}/s`, `${fmt(s.generator.scheduleLagP99Ms, 2)} ms`, '< 2 ms', s.generator.scheduleLagP99Ms < 2);
  }
}

/**
 * The coordinated-omission-free p99 for a constant-rate run against a FIFO server that is frozen once for `stallMs`:
 * a fluid model — request i is intended at i/rate, the server serves one request per 1/mu when it runs, nothing while
 * frozen. Latency = completion - intended. Deterministic; no sampling.
 */
function analyticStallP99(rate: number, durationS: number, stallAtMs: number, stallMs: number, muPerS: number, baseMs: number): number {
  const n = Math.floor(rate * durationS);
  const lat = new Float64Array(n);
  let free = 0;
  for (let i = 0; i < n; i++) {
    const intended = (i * 1000) / rate;
    let start = Math.max(intended, free);
    if (start >= stallAtMs && start < stallAtMs + stallMs) start = stallAtMs + stallMs;
    free = start + 1000 / muPerS;
    lat[i] = free - intended + baseMs;
  }
  lat.sort();
  return lat[Math.ceil(0.99 * n) - 1]!;
}

async function stallAccuracy(serverScript: string): Promise<void> {
  process.stdout.write('\n3. One 1 s server stall: reported p99 vs the coordinated-omission-free value\n');
  const rate = 2000;
  const durationS = 20;
  const stallAtMs = 8000;
  const { child, line } = await startChild('node', [serverScript]);
  const url = `http://127.0.0.1:${line.trim()}/`;
  // The server's own service rate (for the model), from a short closed run.
  const probe = await stampedeLoad('stall-probe', ['--url', url, '--model', 'closed', '--connections', '32', '--workers', '1', '--duration', '2s', '--keys', '1']);
  const mu = probe.result.summary.responses / 2;
  const run = stampedeLoad('stall', ['--url', url, '--rate', String(rate), '--duration', `${durationS}s`, '--connections', '64', '--keys', '1']);
  // The generator aligns its start to the next whole second after its workers are ready; stall relative to its t0.
  setTimeout(() => child.kill('SIGSTOP'), stallAtMs + 1000);
  setTimeout(() => child.kill('SIGCONT'), stallAtMs + 2000);
  const { result } = await run;
  await stop(child);
  const expected = analyticStallP99(rate, durationS, stallAtMs, 1000, mu, 0.2);
  const got = result.summary.latencyMs.p99;
  const err = (got / expected - 1) * 100;
  record('p99 with a 1 s stall (stampede)', `${fmt(got, 0)} ms vs model ${fmt(expected, 0)} ms (${err >= 0 ? '+' : ''}${fmt(err, 1)}%)`, 'within 10%', Math.abs(err) <= 10);
  process.stdout.write(`  (model: ${rate}/s for ${durationS} s, server frozen 1 s, service rate ${fmt(mu, 0)}/s; max reported ${fmt(result.summary.latencyMs.max, 0)} ms)\n`);
}

async function originFigures(): Promise<void> {
  process.stdout.write('\n4. Fake origin: saturated throughput and the CPU cost of a 503\n');
  const concurrency = 50;
  const serviceMs = 20;
  const capacity = (concurrency * 1000) / serviceMs;
  {
    const { child, line } = await startChild('node', [cli, 'backend', '--json', '--concurrency', String(concurrency), '--queue', '200', '--queue-timeout-ms', '100', '--service-time', `constant:${serviceMs}`]);
    const { url, adminUrl } = JSON.parse(line) as { url: string; adminUrl: string };
    await stampedeLoad('origin-sat', ['--url', `${url}/items/{key}`, '--rate', String(capacity * 2), '--duration', `${SECONDS}s`, '--connections', '400', '--keys', '100']);
    const stats = (await (await fetch(`${adminUrl}/stats`)).json()) as { series: { t: number; served: number }[] };
    await stop(child);
    // Steady buckets only: drop the first and last two seconds of activity.
    const active = stats.series.filter((b) => b.served > 0);
    const steady = active.slice(2, -2);
    const served = steady.reduce((a, b) => a + b.served, 0) / Math.max(1, steady.length);
    const err = (served / capacity - 1) * 100;
    record('origin saturated throughput', `${fmt(served, 0)}/s vs concurrency/service time ${capacity}/s (${fmt(err, 2)}%)`, 'within 2%', Math.abs(err) <= 2);
  }
  {
    // 503s come in volume when the origin is overloaded, so measure them under saturating (closed-loop) load,
    // next to the floor of node:http itself: the trivial server answering 200 under the same load.
    const closed = ['--model', 'closed', '--connections', '64', '--workers', '1', '--duration', `${SECONDS}s`, '--keys', '100'];
    const { child, line } = await startChild('node', [cli, 'backend', '--json', '--concurrency', '1', '--queue', '0', '--service-time', 'constant:600000']);
    const { url, adminUrl } = JSON.parse(line) as { url: string; adminUrl: string };
    const before = cpuMsOf(child.pid!);
    await stampedeLoad('origin-503', ['--url', `${url}/items/{key}`, ...closed]);
    const after = cpuMsOf(child.pid!);
    const stats = (await (await fetch(`${adminUrl}/stats`)).json()) as { totals: { rejected503: number } };
    await stop(child);
    const us = ((after - before) * 1000) / stats.totals.rejected503;

    const floor = await startChild('node', [fileURLToPath(new URL('./trivial-server.mjs', import.meta.url))]);
    const fBefore = cpuMsOf(floor.child.pid!);
    const { result } = await stampedeLoad('floor-200', ['--url', `http://127.0.0.1:${floor.line.trim()}/`, ...closed]);
    const fAfter = cpuMsOf(floor.child.pid!);
    await stop(floor.child);
    const floorUs = ((fAfter - fBefore) * 1000) / result.summary.responses;
    record('origin CPU per 503 (saturating load)', `${fmt(us, 1)} µs over ${stats.totals.rejected503} rejections; node:http floor ${fmt(floorUs, 1)} µs`, '< 20 µs', us < 20);
  }
}

async function main(): Promise<void> {
  process.stdout.write(`stampede bench — node ${process.version}, ${SECONDS} s runs${quick ? ' (BENCH_QUICK)' : ''}, wrk ${hasWrk ? 'present' : 'absent'}\n`);
  const serverScript = fileURLToPath(new URL('./trivial-server.mjs', import.meta.url));
  const { child, line } = await startChild('node', [serverScript]);
  const url = `http://127.0.0.1:${line.trim()}/`;
  try {
    await cpuPerRequest(url);
    await rateAccuracy(url);
  } finally {
    await stop(child);
  }
  await stallAccuracy(serverScript);
  await originFigures();
  process.stdout.write('\nSummary\n');
  for (const r of rows) process.stdout.write(`  ${r.met === null ? 'info' : r.met ? 'MET ' : 'MISS'}  ${r.figure}: ${r.measured} (target ${r.target})\n`);
  rmSync(scratch, { recursive: true, force: true });
}

await main();
