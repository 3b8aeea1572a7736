// The `test` every spec uses: Playwright's, plus a guard that fails the test on any console
// error, uncaught page error, crash or panic banner seen while it ran, and attaches a final
// full-page screenshot. Also helpers written against docs/UI.md (the names the page exposes).
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';

export { expect };

type Options = {
  /** Set when the test expects `#error-banner` (bad input) to be showing at its end. */
  errorBannerExpected: boolean;
  /** Console errors the test causes on purpose (a file served with an error status, which the
   * browser reports itself), each matched by a substring: only those are allowed. */
  consoleErrorsExpected: string[];
};

export const test = base.extend<Options & { guard: void }>({
  errorBannerExpected: [false, { option: true }],
  consoleErrorsExpected: [[], { option: true }],
  guard: [
    async ({ page, errorBannerExpected, consoleErrorsExpected }, use, testInfo) => {
      const problems: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !consoleErrorsExpected.some((s) => msg.text().includes(s))) {
          const at = msg.location();
          problems.push(`console.error: ${msg.text()} (${at.url}:${at.lineNumber})`);
        }
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('crash', () => problems.push('the page crashed'));

      await use();

      if (!page.isClosed()) {
        await shot(page, testInfo, 'end');
        const panic = page.locator('#panic-banner');
        if ((await panic.count()) > 0) {
          problems.push(`panic banner: ${await panic.first().textContent()}`);
        }
        const banner = page.locator('#error-banner');
        if (!errorBannerExpected && (await banner.isVisible())) {
          problems.push(`error banner: ${await banner.textContent()}`);
        }
      }
      expect(problems, 'no console errors, page errors or panics during the test').toEqual([]);
    },
    { auto: true },
  ],
});

/** Saves a full-page screenshot as test-results/<test>/<name>.png and attaches it to the
 * test's report. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  try {
    const file = testInfo.outputPath(`${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
  } catch (e) {
    // A screenshot is an artefact, never a reason to fail.
  }
}

/** A scenario in the contract's format (docs: ../shared/CONTRACT.md). */
export type Scenario = Record<string, unknown>;

/** Three replicas A, B, C with n = 3, w = r = 2, dvv, client-coordinated, read repair on; two
 * declared clients and no events: every operation in a test is the test's own. */
export function threeNodes(overrides: Record<string, unknown> = {}): Scenario {
  return {
    name: 'e2e: three replicas',
    description: 'A cluster for the end-to-end tests.',
    seed: 7,
    cluster: {
      nodes: ['A', 'B', 'C'],
      clients: ['alice', 'bob'],
      n: 3,
      w: 2,
      r: 2,
      versioning: 'dvv',
      coordinator: 'client',
      read_repair: true,
      anti_entropy_ms: null,
      sloppy_quorum: false,
      hinted_handoff: false,
      timeout_ms: 1000,
      latency: { uniform: [5, 15] },
      ...overrides,
    },
    events: [],
  };
}

/** The share link path of a scenario: `/#s=<base64url of its JSON>`. */
export function shareLink(scenario: Scenario | string): string {
  const json = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
  return `/#s=${Buffer.from(json, 'utf8').toString('base64url')}`;
}

/** The page's controls, by the accessible names of docs/UI.md. */
export function ui(page: Page) {
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  return {
    node: (id: string) => button(`Node ${id}`),
    client: (id: string) => button(`Client ${id}`),
    crash: (id: string) => button(`Crash ${id}`),
    recover: (id: string) => button(`Recover ${id}`),
    zone: (z: number) => page.locator(`[data-zone="${z}"]`),
    heal: button('Heal partition'),
    play: button('Play'),
    pause: button('Pause'),
    step: button('Step'),
    reset: button('Reset'),
    speed: page.getByLabel('Speed', { exact: true }),
    n: page.getByLabel('n', { exact: true }),
    w: page.getByLabel('w', { exact: true }),
    r: page.getByLabel('r', { exact: true }),
    versioning: page.getByLabel('Versioning', { exact: true }),
    coordinator: page.getByLabel('Coordinator', { exact: true }),
    readRepair: page.getByLabel('Read repair', { exact: true }),
    quorumCondition: page.locator('#quorum-condition'),
    fieldErrors: page.locator('.field-error'),
    clientSelect: page.getByLabel('Client', { exact: true }),
    key: page.getByLabel('Key', { exact: true }),
    value: page.getByLabel('Value', { exact: true }),
    // The write context: a radio group named `Write context (Put, Delete)`.
    contextChoice: page.getByRole('group', { name: 'Write context (Put, Delete)' }),
    overwrite: page.getByRole('radio', { name: /^Overwrite what \S+ last saw$/ }),
    blind: page.getByRole('radio', { name: 'Blind write (concurrent with everything)', exact: true }),
    contextPreview: page.locator('#op-context-preview'),
    contextInFlight: page.locator('#op-context-in-flight'),
    put: button('Put'),
    get: button('Get'),
    del: button('Delete'),
    opLog: page.locator('#op-log'),
    ops: page.locator('#op-log [data-op-id]'),
    op: (id: string) => page.locator(`#op-log [data-op-id="${id}"]`),
    liveLog: page.locator('#live-log'),
    errorBanner: page.locator('#error-banner'),
    simTime: page.locator('#sim-time'),
    messages: page.locator('[data-message-id]'),
    share: button('Copy share link'),
  };
}

/** Opens `path` (default: the page with its default scenario) and waits until the cluster is
 * drawn and the controls are there. */
export async function open(page: Page, path = '/'): Promise<ReturnType<typeof ui>> {
  await page.goto(path);
  const q = ui(page);
  await expect(page.locator('[data-node]').first()).toBeAttached();
  await expect(q.step).toBeVisible();
  return q;
}

/** Pauses the simulation if it is playing, so that only Step moves time. */
export async function pause(page: Page): Promise<void> {
  const q = ui(page);
  if (await q.pause.isVisible()) {
    await q.pause.click();
  }
  await expect(q.play).toBeVisible();
}

/** Plays at the fastest speed until the run is finished. */
export async function playToTheEnd(page: Page): Promise<void> {
  const q = ui(page);
  const max = await q.speed.getAttribute('max');
  await q.speed.fill(max ?? '0');
  await pause(page);
  await q.play.click();
  await expect(page.locator('.clock-status')).toContainText('Run finished', { timeout: 20_000 });
}

/** The ids of the operations in the log now. */
export async function opIds(page: Page): Promise<string[]> {
  return page
    .locator('#op-log [data-op-id]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-op-id') ?? ''));
}

/** Runs `action`, then returns the log item of the one operation it added. */
export async function newOp(page: Page, action: () => Promise<void>): Promise<Locator> {
  const before = new Set(await opIds(page));
  await action();
  let added: string[] = [];
  await expect
    .poll(async () => {
      added = (await opIds(page)).filter((id) => !before.has(id));
      return added.length;
    }, { message: 'the action adds one item to #op-log' })
    .toBe(1);
  return ui(page).op(added[0]);
}

/**
 * Presses Step (by mouse, or by Enter on the focused Step button with `keyboard`) until `done`
 * holds, at most `max` times. Time then moves from event to event, never by the wall clock.
 */
export async function stepUntil(
  page: Page,
  done: () => Promise<boolean>,
  what: string,
  { max = 400, keyboard = false }: { max?: number; keyboard?: boolean } = {},
): Promise<void> {
  const step = ui(page).step;
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    if (await step.isDisabled()) break;
    if (keyboard) {
      await page.keyboard.press('Enter');
    } else {
      await step.click();
    }
  }
  await expect.poll(done, { message: `stepping until ${what}`, timeout: 2_000 }).toBe(true);
}

/** An attribute of the first element `locator` matches, or null (never waits for it). */
export async function attr(locator: Locator, name: string): Promise<string | null> {
  return locator.evaluateAll((els, n) => (els[0] ? els[0].getAttribute(n) : null), name);
}

/** Steps until the operation has finished (its outcome is no longer `pending`). */
export async function stepUntilDone(page: Page, op: Locator, opts = {}): Promise<void> {
  await stepUntil(
    page,
    async () => {
      const outcome = await attr(op, 'data-outcome');
      return outcome === 'ok' || outcome === 'fail';
    },
    'the operation finishes',
    opts,
  );
}

/** Fills the client-operation form and presses `button` (Put, Get or Delete); with `context`,
 * first chooses the write context (`last`: overwrite what the client last saw, the default;
 * `none`: a blind write). */
export async function operate(
  page: Page,
  button: 'Put' | 'Get' | 'Delete',
  { client, key, value, context }: { client: string; key: string; value?: string; context?: 'last' | 'none' },
): Promise<Locator> {
  const q = ui(page);
  await q.clientSelect.selectOption(client);
  await q.key.fill(key);
  if (value !== undefined) await q.value.fill(value);
  if (context !== undefined) await (context === 'last' ? q.overwrite : q.blind).check();
  const target = button === 'Put' ? q.put : button === 'Get' ? q.get : q.del;
  return newOp(page, () => target.click());
}

/** The centre of an element's box on the page. */
export async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} has no box on the page`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags an element with the mouse (pointer events) to the centre of `target`. */
export async function drag(page: Page, what: Locator, target: Locator): Promise<void> {
  await what.scrollIntoViewIfNeeded();
  const from = await centre(what);
  const to = await centre(target);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/** Drags an element with one finger to the centre of `target`: real touch input through the
 * DevTools protocol (Input.dispatchTouchEvent), so Chromium decides, as on a phone, whether the
 * finger scrolls the page or reaches the page's pointer events (pointerType "touch"). Needs a
 * context with `hasTouch`. Coordinates are the viewport's, so the page must not scroll meanwhile
 * for the finger to land where it was aimed. */
export async function touchDrag(page: Page, what: Locator, target: Locator): Promise<void> {
  await what.scrollIntoViewIfNeeded();
  const from = await centre(what);
  const to = await centre(target);
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: string, x: number, y: number) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }],
    });
  await touch('touchStart', from.x, from.y);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
  }
  await touch('touchEnd', to.x, to.y);
  await cdp.detach();
}

/** Whether the centre of `what` lies inside the box of `zone`. */
export async function isInside(what: Locator, zone: Locator): Promise<boolean> {
  const box = await zone.boundingBox();
  const c = await centre(what);
  return !!box && c.x >= box.x && c.x <= box.x + box.width && c.y >= box.y && c.y <= box.y + box.height;
}

/** Presses Tab (only Tab) until `target` has the focus. */
export async function tabTo(page: Page, target: Locator, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target} never got the focus after ${max} presses of Tab`);
}
