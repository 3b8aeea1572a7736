// Issue 8, point 3: an operation's entry says in words what the replicas did: what each one
// answered a read ("C: nothing"), which one the read repaired ("C was repaired"), where a failed
// write landed anyway, where a fallback kept a hint and when it handed it back; and a replica
// that is stale only because a write to it is in flight says "behind: write on its way".
import { test, expect, open, pause, operate, stepUntilDone, stepUntil, shareLink, threeNodes, shot, ui } from './fixtures';

test('a get lists each replica\'s answer and says which replica was repaired', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes({ r: 3, placement: { cart: ['A', 'B', 'C'] } })));
  await pause(page);
  await q.crash('C').click();
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'ok');
  await expect(put.locator('.op-stores')).toHaveText(/stored on\s*[AB]; [AB]$/);
  await q.recover('C').click();

  const get = await operate(page, 'Get', { client: 'bob', key: 'cart' });
  await stepUntilDone(page, get);
  await expect(get).toHaveAttribute('data-outcome', 'ok');
  const answers = get.locator('.op-answers');
  await expect(answers).toContainText('A: milk (alice:1)');
  await expect(answers).toContainText('B: milk (alice:1)');
  await expect(answers).toContainText('C: nothing');
  await expect(get.locator('.op-repaired')).toContainText('C was repaired');
  await expect(q.liveLog).toContainText('C was read-repaired by op 2');
  await shot(page, testInfo, 'answers');
});

test('a write that failed but landed on some replicas says where it landed', async ({ page }, testInfo) => {
  const q = await open(page, shareLink(threeNodes({ w: 3, placement: { cart: ['A', 'B', 'C'] } })));
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  // C crashes while its copy of the write is on its way: A and B store it, C never acks.
  await stepUntil(
    page,
    async () => (await page.getByRole('button', { name: /^write from alice to C/ }).count()) > 0,
    'the write to C is in flight',
  );
  await q.crash('C').click();
  await stepUntilDone(page, put);
  await expect(put).toHaveAttribute('data-outcome', 'fail');
  const landed = put.locator('.op-stores');
  await expect(landed).toContainText('landed on');
  await expect(landed).toContainText('A');
  await expect(landed).toContainText('B');
  await expect(landed).not.toContainText('C');
  await expect(landed).toContainText('told it failed, yet these replicas stored the write');
  await shot(page, testInfo, 'landed');
});

test('a replica whose write is in flight is "behind: write on its way", not plain stale', async ({ page }, testInfo) => {
  const q = await open(
    page,
    shareLink(threeNodes({ coordinator: 'replica', w: 1, read_repair: false, placement: { cart: ['A', 'B', 'C'] } })),
  );
  await pause(page);
  const put = await operate(page, 'Put', { client: 'alice', key: 'cart', value: 'milk' });
  // A coordinates: it stores the write at once and sends it on to B and C.
  await stepUntil(
    page,
    async () => /behind: write on its way/.test((await q.node('B').getAttribute('aria-description')) ?? ''),
    'B is behind',
  );
  await expect(q.node('B')).toContainText('behind: write on its way');
  await expect(q.node('B')).not.toHaveAccessibleDescription(/; stale/);
  await shot(page, testInfo, 'behind');
  await stepUntilDone(page, put);
  await stepUntil(
    page,
    async () => (await page.locator('.cv-behind-badge').count()) === 0,
    'every copy arrived',
  );
  for (const id of ['A', 'B', 'C']) {
    await expect(q.node(id)).not.toHaveAccessibleDescription(/stale|behind/);
  }
});

test('a fallback that handed its hint back says so, on the write and in the log', async ({ page }, testInfo) => {
  const q = await open(
    page,
    shareLink({
      ...threeNodes({
        nodes: ['A', 'B', 'C', 'D'],
        w: 3,
        sloppy_quorum: true,
        hinted_handoff: true,
        handoff_interval_ms: 100,
        placement: { cart: ['A', 'B', 'C', 'D'] },
      }),
      events: [
        { at: 0, crash: 'C' },
        { at: 10, put: { client: 'alice', key: 'cart', value: 'milk' } },
        { at: 300, recover: 'C' },
      ],
    }),
  );
  await pause(page);
  await q.reset.click();
  await stepUntil(
    page,
    async () => ((await q.liveLog.textContent()) ?? '').includes('handed its hint for cart back to C'),
    'the hint is handed back',
  );
  await expect(q.op('1').locator('.op-stores')).toContainText(/D as a hint for C, handed back to C at \d+(\.\d)? ms/);
  await shot(page, testInfo, 'handed back');
});
