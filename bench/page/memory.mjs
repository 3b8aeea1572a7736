// Memory over a long play (issue 7, defect 11): plays a busy scenario at the page's fastest
// speed for a given wall-clock duration and samples, at a fixed interval, the WebAssembly
// memory, the JS heap, the DOM and how far simulated time got. Driven like bench/page/run.mjs,
// against a served release build (Playwright and Debian's Chromium):
//
//   node bench/page/memory.mjs --base http://127.0.0.1:8392 [--seconds 3600] [--every 60]
//                              [--nodes 64] [--ae 1] [--keys 2000]
//
// The scenario (share link): `nodes` replicas (64, the format's most), n = 3, w = r = 2,
// anti-entropy every `ae` ms (1 ms: a valid setting, the page refuses less than 10 ms only in
// its settings panel), sloppy quorum with hinted handoff, 8 clients putting `keys` keys (one
// put every 10 ms) then getting and putting some again, two crashes, a partition and 5 %
// message loss; then anti-entropy (a digest to a peer from every node every `ae` ms) and
// handoff run on for as long as the page plays.
// Prints one line per sample and, last, one JSON line with every sample. Never asserts.
import * as os from 'node:os';
import { chromium } from '@playwright/test';
import { shareHash } from './scenario.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const base = args.base ?? 'http://127.0.0.1:8392';
const seconds = Number(args.seconds ?? 3600);
const every = Number(args.every ?? 60);
const nodeCount = Number(args.nodes ?? 64);
const aeMs = Number(args.ae ?? 1);
const keyCount = Number(args.keys ?? 2000);

export function busyScenario() {
  const nodes = Array.from({ length: nodeCount }, (_, i) => `n${String(i).padStart(2, '0')}`);
  const clients = Array.from({ length: 8 }, (_, i) => `c${i + 1}`);
  const events = [];
  // Enough keys that every pair of nodes is home to some key together: every anti-entropy
  // tick then sends a digest, 64 messages per simulated ms and their answers.
  for (let i = 0; i < keyCount + keyCount / 5; i++) {
    const at = i * 10;
    const client = clients[i % clients.length];
    const key = `k${i % keyCount}`;
    if (i >= keyCount && i % 3 === 2) {
      events.push({ at, get: { client, key } });
    } else {
      events.push({ at, put: { client, key, value: `v${i}`, context: i % 2 ? 'last' : 'none' } });
    }
  }
  events.push({ at: 1000, crash: nodes[1] }, { at: 1000, crash: nodes[2] });
  events.push({ at: 3000, drop_rate: 0.05 });
  events.push({ at: 5000, partition: [nodes.slice(0, nodeCount / 2)] });
  events.push({ at: 15000, recover: nodes[1] });
  events.push({ at: 25000, heal: true });
  events.push({ at: 30000, recover: nodes[2] });
  events.sort((a, b) => a.at - b.at);
  return {
    name: `Benchmark: ${nodeCount} nodes, anti-entropy every ${aeMs} ms`,
    description: 'A busy cluster played for a long time at full speed.',
    seed: 11,
    cluster: {
      nodes,
      clients,
      n: 3,
      w: 2,
      r: 2,
      versioning: 'dvv',
      coordinator: 'client',
      read_repair: true,
      anti_entropy_ms: aeMs,
      sloppy_quorum: true,
      hinted_handoff: true,
      handoff_interval_ms: 100,
      timeout_ms: 500,
      latency: { uniform: [1, 20] },
    },
    events,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const browser = await chromium.launch({
    executablePath: process.env.QS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      // A page in a headless browser is never hidden, but make sure it is never throttled.
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  const errors = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  // Trunk's loader announces the wasm instance; keep it to read its memory, and count frames.
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__qsWasm = e.detail.wasm; });
    window.__qsFrames = 0;
    window.__qsLongest = 0;
    let last = 0;
    const tick = (t) => {
      window.__qsFrames += 1;
      if (last) window.__qsLongest = Math.max(window.__qsLongest, t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const scenario = busyScenario();
  await page.goto(`${base}/${shareHash(scenario)}`);
  await page.locator('[data-node]').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => window.__qsWasm !== undefined, null, { timeout: 60_000 });
  const speed = page.getByLabel('Speed', { exact: true });
  await speed.fill(await speed.getAttribute('max'));
  const play = page.getByRole('button', { name: 'Play', exact: true });
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await play.click();
  await pause.waitFor({ timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');

  const mb = (bytes) => Math.round((bytes / 1e6) * 10) / 10;
  const samples = [];
  const start = Date.now();
  const sample = async () => {
    const heap = await cdp.send('Runtime.getHeapUsage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const page_ = await page.evaluate(() => {
      const r = {
        wasm: window.__qsWasm.memory.buffer.byteLength,
        elements: document.getElementsByTagName('*').length,
        messages: document.querySelectorAll('[data-message-id]').length,
        simTime: document.querySelector('#sim-time')?.textContent?.trim() ?? '',
        status: document.querySelector('.clock-status')?.textContent?.trim() ?? '',
        ops: document.querySelector('#op-log [data-op-id]')?.getAttribute('data-op-id') ?? '0',
        frames: window.__qsFrames,
        longestFrameMs: Math.round(window.__qsLongest),
        panic: document.querySelector('#panic-banner')?.textContent ?? null,
      };
      window.__qsFrames = 0;
      window.__qsLongest = 0;
      return r;
    });
    const s = {
      wall_s: Math.round((Date.now() - start) / 1000),
      wasm_mb: mb(page_.wasm),
      js_heap_used_mb: mb(heap.usedSize),
      js_heap_total_mb: mb(heap.totalSize),
      dom_nodes: metrics.Nodes,
      elements: page_.elements,
      messages_drawn: page_.messages,
      sim_time: page_.simTime,
      last_op: Number(page_.ops),
      status: page_.status,
      frames: page_.frames,
      longest_frame_ms: page_.longestFrameMs,
      panic: page_.panic,
    };
    samples.push(s);
    console.log(`${String(s.wall_s).padStart(5)} s: wasm ${s.wasm_mb} MB, JS heap ${s.js_heap_used_mb} MB used of ${s.js_heap_total_mb} MB, ${s.dom_nodes} DOM nodes, ${s.messages_drawn} messages drawn, sim ${s.sim_time} (${s.status}), last op #${s.last_op}, ${s.frames} frames since the last sample, longest ${s.longest_frame_ms} ms${s.panic ? `, PANIC: ${s.panic}` : ''}`);
    return s;
  };
  await sample();
  while (Date.now() - start < seconds * 1000) {
    const wait = Math.min(every * 1000, seconds * 1000 - (Date.now() - start));
    await page.waitForTimeout(Math.max(wait, 0));
    const s = await sample();
    if (s.panic) break;
  }
  // Still answering at the end: Pause responds.
  const t = Date.now();
  await pause.click();
  await play.waitFor({ timeout: 30_000 });
  const pauseMs = Date.now() - t;
  console.log(`Pause answered in ${pauseMs} ms (Playwright's click included)`);
  if (errors.length) console.log(`console/page errors: ${errors.length}: ${errors.slice(0, 3).join(' | ')}`);
  await browser.close();
  const machine = { cpus: os.cpus().length, loadavg_1min: Math.round(os.loadavg()[0] * 100) / 100 };
  console.log(JSON.stringify({ date: new Date().toISOString(), machine, seconds, every, nodes: nodeCount, ae_ms: aeMs, pause_ms: pauseMs, errors: errors.length, samples }));
}
