// Time travel's benchmark (issue 10): seeking back to random positions of a long run, in the
// browser, against a served release build.
//
//   node bench/page/seek.mjs --base http://127.0.0.1:8772 [--seeks 40] [--write FILE]
//
// Loads seekScenario() (5 replicas, 2 clients, a put every 2 ms for 2.2 s, anti-entropy every
// 20 ms: about 10,000 engine events; `cargo run --release --example seek -- FILE` counts them
// natively on the file --write leaves) through its share link, plays it to the end at the
// fastest speed, then seeks the timeline (#timeline) to `seeks` random times: each figure is
// the time from the slider's input event to the next animation frame (the seek, the snapshot
// and the render that follow it). Prints a report and, last, one JSON line. Never asserts.
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { shareHash } from './scenario.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const base = args.base ?? 'http://127.0.0.1:8772';
const seeks = Number(args.seeks ?? 40);

/** The benchmark's run: about 10,000 engine events. */
export function seekScenario() {
  const events = [];
  for (let i = 0; i < 1100; i++) {
    const client = i % 2 === 0 ? 'alice' : 'bob';
    events.push({ at: i * 2, put: { client, key: `k${i % 7}`, value: `v${i}` } });
  }
  events.splice(100, 0, { at: 199, crash: 'B' });
  events.splice(301, 0, { at: 599, recover: 'B' });
  return {
    name: 'bench: seek',
    seed: 9,
    cluster: {
      nodes: ['A', 'B', 'C', 'D', 'E'], clients: ['alice', 'bob'], n: 3, w: 2, r: 2,
      anti_entropy_ms: 20, sloppy_quorum: true, hinted_handoff: true,
    },
    events,
  };
}

const scenario = seekScenario();
if (args.write) writeFileSync(args.write, JSON.stringify(scenario));

const browser = await chromium.launch({
  executablePath: process.env.QS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/${shareHash(scenario)}`);
await page.locator('[data-node]').first().waitFor({ timeout: 30_000 });
const speed = page.getByLabel('Speed', { exact: true });
await speed.fill(await speed.getAttribute('max'));
const play = page.getByRole('button', { name: 'Play', exact: true });
if (await play.isVisible()) await play.click();
await page.locator('.clock-status', { hasText: 'Run finished' }).waitFor({ timeout: 600_000 });
const horizon = Number(await page.locator('#timeline').getAttribute('max'));

const times = await page.evaluate(async ({ horizon, seeks }) => {
  const input = document.querySelector('#timeline');
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out = [];
  for (let i = 0; i < seeks; i++) {
    await frame();
    const to = Math.floor(next() * horizon);
    const t0 = performance.now();
    input.value = String(to);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await frame();
    out.push(performance.now() - t0);
  }
  return out;
}, { horizon, seeks });
await browser.close();

const sorted = [...times].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (x) => Math.round(x * 10) / 10;
const figures = {
  horizon_ms: horizon / 1000, seeks, median_ms: round(pct(50)), p95_ms: round(pct(95)),
  max_ms: round(sorted[sorted.length - 1]),
};
console.log(`seek to a random time of a ${figures.horizon_ms} ms run: median ${figures.median_ms} ms, ` +
  `p95 ${figures.p95_ms} ms, max ${figures.max_ms} ms (${seeks} seeks, input event to next frame)`);
console.log(JSON.stringify(figures));
