// Playwright end-to-end tests (e2e/) against the release build in dist/, served on 127.0.0.1.
//
//   trunk build --release && npx playwright test      (scripts/test.sh does both)
//
// Uses Debian's Chromium (/usr/bin/chromium); never `npx playwright install`.
// Screenshots of every test end up in test-results/ (gitignored), and in the HTML report
// (playwright-report/, also gitignored).
//
// Environment:
//   QS_E2E_DIST      directory to serve (default: dist)
//   QS_E2E_PORT      port for the static server (default: 8391)
//   QS_E2E_WORKERS   parallel workers (default: 2, the machine's cores)
//   QS_CHROMIUM      browser executable (default: /usr/bin/chromium)
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

const port = Number(process.env.QS_E2E_PORT ?? 8391);
const dist = path.resolve(__dirname, process.env.QS_E2E_DIST ?? 'dist');
const chromium = process.env.QS_CHROMIUM ?? '/usr/bin/chromium';

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  throw new Error(`${dist}/index.html is missing: build the page first (trunk build --release)`);
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: Number(process.env.QS_E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // Debian's python, not the pyenv wrapper: Playwright stops the server by its PID.
    command: `/usr/bin/python3 -m http.server ${port} --bind 127.0.0.1 --directory "${dist}"`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
