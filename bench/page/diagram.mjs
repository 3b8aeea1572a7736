// The space-time diagram's benchmark (issue 10, part 3), in the browser, against a served
// release build:
//
//   node bench/page/diagram.mjs --base http://127.0.0.1:8739 [--puts 1100] [--scrolls 40]
//
// Loads a long run through its share link (5 replicas, 2 clients, a put every 2 ms to seven
// keys, a crash and a recovery, anti-entropy every 20 ms, sloppy quorum and hinted handoff:
// about 9 engine events per put), plays it to the end at the fastest speed, opens the diagram
// and times (1) opening to the first window drawn (the worker's start, its replay of the run
// with the causal log, `Diagram::of`, the first window), then (2) `scrolls` jumps of the scroll
// box to random offsets: each from setting `scrollTop` to the new window being in the page
// (the scroll event, the worker's `render_window`, the reply, Yew's insertion). Prints a report
// and, last, one JSON line. Never asserts.
import { chromium } from '@playwright/test';
import { shareHash } from './scenario.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const base = args.base ?? 'http://127.0.0.1:8739';
const puts = Number(args.puts ?? 1100);
const scrolls = Number(args.scrolls ?? 40);

/** The run: `puts` puts, two clients taking turns every 2 ms. */
function diagramScenario() {
  const events = [];
  for (let i = 0; i < puts; i++) {
    events.push({ at: 2 * i, put: { client: ['ann', 'ben'][i % 2], key: `key${i % 7}`, value: `x${i}` } });
  }
  events.push({ at: 2 * Math.floor(puts / 10) + 1, crash: 'C' });
  events.push({ at: 2 * Math.floor(puts / 4) + 1, recover: 'C' });
  events.sort((a, b) => a.at - b.at);
  return {
    name: 'bench: diagram',
    seed: 5,
    cluster: {
      nodes: ['A', 'B', 'C', 'D', 'E'], clients: ['ann', 'ben'], n: 3, w: 2, r: 2,
      anti_entropy_ms: 20, sloppy_quorum: true, hinted_handoff: true,
    },
    events,
  };
}

const browser = await chromium.launch({
  executablePath: process.env.QS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/${shareHash(diagramScenario())}`);
await page.locator('[data-node]').first().waitFor({ timeout: 30_000 });
console.error('page loaded');
const speed = page.getByLabel('Speed', { exact: true });
await speed.fill(await speed.getAttribute('max'));
const play = page.getByRole('button', { name: 'Play', exact: true });
if (await play.isVisible()) await play.click();
await page.locator('.clock-status', { hasText: 'Run finished' }).waitFor({ timeout: 900_000 });
console.error('run finished');
const horizonMs = Number(await page.locator('#timeline').getAttribute('max')) / 1000;

const t0 = Date.now();
await page.getByRole('button', { name: 'Show the diagram', exact: true }).click({ timeout: 600_000 });
await page.locator('#diagram svg .sd-msg').first().waitFor({ timeout: 600_000 });
const openMs = Date.now() - t0;
console.error(`diagram open in ${openMs} ms`);

const times = await page.evaluate(async ({ scrolls }) => {
  const box = document.querySelector('#diagram');
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const windowAt = () => document.querySelector('#diagram .diagram-window')?.getAttribute('style');
  let seed = 4242;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out = [];
  for (let i = 0; i < scrolls; i++) {
    await frame();
    const before = windowAt();
    const top = Math.floor(next() * (box.scrollHeight - box.clientHeight));
    const start = performance.now();
    box.scrollTop = top;
    // The window is drawn where the box now is.
    while (windowAt() === before && performance.now() - start < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    out.push(performance.now() - start);
  }
  return out;
}, { scrolls });
await browser.close();

const sorted = [...times].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (x) => Math.round(x * 10) / 10;
const figures = {
  puts, horizon_ms: horizonMs, open_ms: openMs, scrolls,
  median_ms: round(pct(50)), p95_ms: round(pct(95)), max_ms: round(sorted[sorted.length - 1]),
};
console.log(`a ${horizonMs} ms run of ${puts} puts: the diagram opened in ${openMs} ms; a scroll to ` +
  `a random offset drawn in median ${figures.median_ms} ms, p95 ${figures.p95_ms} ms, max ` +
  `${figures.max_ms} ms (${scrolls} scrolls)`);
console.log(JSON.stringify(figures));
