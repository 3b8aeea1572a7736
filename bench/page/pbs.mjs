// The staleness panel's benchmark (issue 12): a whole closed-model curve, 200,000 trials x 50
// points, computed in the panel's Web Worker in the browser, against a served release build:
//
//   node bench/page/pbs.mjs --base http://127.0.0.1:8761 [--runs 5] [--trials 200000]
//
// Opens the page (paused), opens "How stale, how often?" and waits for its first curve (the
// worker's start), then presses Draw `runs` times with n = 3, r = w = 1, LNKD-DISK and
// `trials` trials, timing each from the click to the status line saying the curve was drawn
// (the request, the worker's 200,000 trials in chunks with progress reports, sorting, the
// 50 points, the k-staleness Monte Carlo, the markup, and its insertion into the page).
// Meanwhile it counts the page's animation frames, to show that the main thread keeps its
// frame rate while the worker computes. Last, it times one engine curve of the page's scenario
// ("Simulate this scenario", 1,000 trials). Prints a report and, last, one JSON line. Never
// asserts.
import { chromium } from '@playwright/test';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const base = args.base ?? 'http://127.0.0.1:8761';
const runs = Number(args.runs ?? 5);
const trials = Number(args.trials ?? 200000);

const browser = await chromium.launch({
  executablePath: process.env.QS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/`);
await page.locator('[data-node]').first().waitFor({ timeout: 30_000 });
const pause = page.getByRole('button', { name: 'Pause', exact: true });
if (await pause.isVisible()) await pause.click();
const t0 = Date.now();
await page.locator('#pbs-panel summary').click();
await page.locator('#pbs_status', { hasText: 'Drew ' }).waitFor({ timeout: 60_000 });
const openMs = Date.now() - t0;
console.error(`panel open, first curve drawn in ${openMs} ms`);
await page.getByLabel('Trials', { exact: true }).fill(String(trials));

const results = [];
for (let i = 0; i < runs; i++) {
  results.push(
    await page.evaluate(async () => {
      const status = document.querySelector('#pbs_status');
      status.textContent = '';
      const button = [...document.querySelectorAll('#pbs-panel [data-act="draw"]')][0];
      let frames = 0;
      let longest = 0;
      let last = performance.now();
      let done = false;
      const tick = (t) => {
        frames++;
        longest = Math.max(longest, t - last);
        last = t;
        if (!done) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const start = performance.now();
      button.click();
      while (!(status.textContent ?? '').startsWith('Drew ') && performance.now() - start < 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const ms = performance.now() - start;
      done = true;
      return { ms, frames, longest_frame_ms: longest };
    }),
  );
}
// The engine's curve of the page's scenario (the default: "Node down during a write"), 1,000
// simulated trials x 26 times, once.
const engineMs = await page.evaluate(async () => {
  const status = document.querySelector('#pbs_status');
  status.textContent = '';
  const start = performance.now();
  document.querySelector('#pbs-panel [data-act="engine"]').click();
  while (!(status.textContent ?? '').startsWith('Simulated ') && performance.now() - start < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return performance.now() - start;
});
await browser.close();

const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const round = (x) => Math.round(x * 10) / 10;
const fps = results.map((r) => (r.frames * 1000) / r.ms);
const figures = {
  trials, points: 50, runs, open_ms: openMs,
  median_ms: round(median), min_ms: round(sorted[0]), max_ms: round(sorted[sorted.length - 1]),
  frames_per_s_min: round(Math.min(...fps)),
  longest_frame_ms: round(Math.max(...results.map((r) => r.longest_frame_ms))),
  engine_curve_ms: round(engineMs),
};
console.log(`${trials} trials x 50 points in the worker: median ${figures.median_ms} ms (min ` +
  `${figures.min_ms}, max ${figures.max_ms}, ${runs} runs); the page drew ${figures.frames_per_s_min}+ ` +
  `frames/s meanwhile, longest frame ${figures.longest_frame_ms} ms; the engine's curve of the ` +
  `default scenario (1,000 simulated trials x 26 times) in ${figures.engine_curve_ms} ms`);
console.log(JSON.stringify(figures));
