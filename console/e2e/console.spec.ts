import { expect, test } from '@playwright/test';
import { capture, fixture, sample, signInWithKey, stack, submitThroughApi } from './stack';

test('a signed-in user submits the model-free sample and watches its progress reach 100 % and its image', async ({ page }) => {
  await signInWithKey(page, stack.keyA);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Submit a workflow' })).toBeVisible();
  await page.getByLabel('Workflow (ComfyUI API format)').fill(sample('model_free_v1.json'));
  await page.getByLabel('Key').fill('3.width');
  await page.getByLabel('Value').fill('320');
  await page.getByRole('button', { name: 'Analyze' }).click();
  await expect(page.getByRole('status', { name: 'Analysis' })).toContainText('Ready to run');
  await capture(page, 'submit');

  await page.getByRole('button', { name: 'Queue' }).click();

  await expect(page).toHaveURL(/#\/jobs\/exec_/);
  const bar = page.getByRole('progressbar', { name: 'Job progress' });
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const value = Number(await bar.getAttribute('aria-valuenow'));
        seen.add(value);
        return value;
      },
      { intervals: [100], timeout: 60_000 },
    )
    .toBe(100);
  expect([...seen].some((value) => value > 0 && value < 100), `progress seen on the way: ${[...seen].join(', ')}`).toBe(true);
  await expect(page.locator('.job-page')).toHaveAttribute('data-status', 'completed');
  const image = page.getByRole('img', { name: /^Output model_free/ });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(page.getByRole('link', { name: 'Download' })).toHaveAttribute('href', /model_free/);
  await expect(page.getByRole('list', { name: 'Output files' })).toContainText('320x512');
  // The cost comes from the run's execution_metrics.cost_breakdown, priced at the local stand-in.
  await expect(page.getByTestId('job-cost')).toHaveText(/^\$\d+\.\d+$/);
  await expect(page.getByText(/price: local/)).toBeVisible();
  await capture(page, 'job');
});

test("a running job's page shows its sampler preview and step, and cancels it", async ({ page }) => {
  const id = await submitThroughApi(stack.keyA, fixture('slow_blur.json'));
  await signInWithKey(page, stack.keyA);

  await page.goto(`${stack.consoleUrl}#/jobs/${id}`);

  const preview = page.getByRole('img', { name: 'Sampler preview' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText(/^Running node 2 \(ImageBlur\), step \d+ of 6000/)).toBeVisible();
  await capture(page, 'job-running');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.job-page')).toHaveAttribute('data-status', 'cancelled');
  await expect(preview).toBeHidden();
  await expect(page.getByText('only completed runs are costed')).toBeVisible();
});

test('without the live socket, a job page follows the job through held status reads', async ({ page }) => {
  // The network lets no WebSocket through: the console must fall back to the API's held reads.
  await page.routeWebSocket(/\/ws/, (socket) => socket.close());
  const id = await submitThroughApi(stack.keyA, fixture('slow_blur.json'));
  await signInWithKey(page, stack.keyA);
  const held = page.waitForRequest((request) => request.url().includes(`/v1/workflows/${id}/status?wait=`));

  await page.goto(`${stack.consoleUrl}#/jobs/${id}`);

  await held;
  const steps = new Set<string>();
  await expect
    .poll(
      async () => {
        steps.add((await page.getByText(/^Running node 2/).textContent()) ?? '');
        return steps.size;
      },
      { intervals: [200], timeout: 30_000 },
    )
    .toBeGreaterThan(2);
  await expect(page.getByRole('img', { name: 'Sampler preview' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.job-page')).toHaveAttribute('data-status', 'cancelled');
});

test('a slow job is cancelled from the jobs page', async ({ page }) => {
  const id = await submitThroughApi(stack.keyA, fixture('slow_blur.json'));
  await signInWithKey(page, stack.keyA);
  const row = page.locator(`[data-job-id="${id}"]`);
  await expect(row).toHaveAttribute('data-status', 'running');
  await capture(page, 'jobs');

  await row.getByRole('button', { name: 'Cancel' }).click();

  await expect(row).toHaveAttribute('data-status', 'cancelled');
  await expect(row.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test("another tenant's job id shows not found", async ({ page }) => {
  const id = await submitThroughApi(stack.keyA, sample('model_free_v1.json'));
  await signInWithKey(page, stack.keyB);

  await page.goto(`${stack.consoleUrl}#/jobs/${id}`);

  await expect(page.getByRole('heading', { level: 1, name: 'Job not found' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('not found');
});

test("the API's own error message is shown for a workflow it refuses", async ({ page }) => {
  await signInWithKey(page, stack.keyA);
  await page.goto(`${stack.consoleUrl}#/submit`);
  const broken = JSON.parse(sample('model_free_v1.json')) as Record<string, { inputs: Record<string, unknown> }>;
  broken['2']!.inputs.image = ['9', 0];
  await page.getByLabel('Workflow (ComfyUI API format)').fill(JSON.stringify(broken));

  await page.getByRole('button', { name: 'Queue' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText("links to node '9', which does not exist");
  await expect(alert).toContainText('Request id');
  await expect(page).toHaveURL(/#\/submit$/);
});

test('signs in and finds its way with the keyboard alone', async ({ page }) => {
  await page.goto(stack.consoleUrl);
  await expect(page.getByRole('textbox', { name: 'API key' })).toBeFocused();
  await page.keyboard.type(stack.keyA);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();

  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Skip to content');
  for (let i = 0; i < 20 && (await page.locator(':focus').textContent()) !== 'Templates'; i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Templates' })).toBeFocused();
});

test('a user signs in with e-mail and password, kept for the tab only when asked', async ({ page }) => {
  const email = `e2e-${Date.now()}@example.com`;
  const password = 'Corr3ct-Horse-Battery!';
  const registered = await fetch(`${stack.apiUrl}/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, username: 'e2e' }),
  });
  expect(registered.status).toBe(201);
  await page.goto(stack.consoleUrl);
  await page.getByRole('radio', { name: 'E-mail and password' }).check();
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel(/session storage/).check();

  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(email);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to ComfyLess' })).toBeVisible();
  expect(await page.evaluate(() => window.sessionStorage.length)).toBe(0);
});

test('a key kept in memory only is gone after a reload', async ({ page }) => {
  await signInWithKey(page, stack.keyA);

  await page.reload();

  await expect(page.getByRole('heading', { name: 'Sign in to ComfyLess' })).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify(window.sessionStorage) + JSON.stringify(window.localStorage))).not.toContain(
    stack.keyA,
  );
});

test('a batch started from a manifest is followed to its results manifest', async ({ page }) => {
  await signInWithKey(page, stack.keyA);
  await page.goto(`${stack.consoleUrl}#/batches`);
  await page.getByLabel('Name').fill('e2e-quick');
  await page.getByLabel('Manifest', { exact: true }).fill(fixture('quick.jsonl'));

  await page.getByRole('button', { name: 'Start batch' }).click();

  await expect(page).toHaveURL(/#\/batches\/batch_/);
  await expect(page.getByRole('progressbar', { name: 'Batch progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByText('Line 3:')).toBeVisible();
  const results = page.getByRole('link', { name: 'Download results manifest' });
  await expect(results).toBeVisible();
  const manifest = await (await fetch((await results.getAttribute('href')) ?? '')).text();
  expect(manifest.trim().split('\n')).toHaveLength(2);
  await capture(page, 'batch');
});

test('the other pages show what the API offers', async ({ page }) => {
  await signInWithKey(page, stack.keyA);

  await page.goto(`${stack.consoleUrl}#/fleet`);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet and workers' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'local-runner-1' })).toBeVisible();
  await expect(page.getByTestId('fleet-scaling')).toHaveText('steady');
  await expect(page.getByText('Seen and changed by operators of this stack only.')).toBeVisible();
  await capture(page, 'fleet');
  // This tenant does not operate the stack: the real route refuses, and the page says why.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert')).toContainText("only the stack's operators may change it");

  await page.goto(`${stack.consoleUrl}#/models`);
  await expect(page.getByRole('heading', { name: 'Model store' })).toBeVisible();
  await expect(page.getByText('The store is empty')).toBeVisible();
  const preset = page.locator('[data-preset-id="SD15_TEXT_TO_IMAGE"]');
  await expect(preset).toContainText('Stable Diffusion 1.5');
  await expect(preset).toContainText('not_installed');
  await capture(page, 'models');

  await page.goto(`${stack.consoleUrl}#/templates`);
  await expect(page.getByRole('rowheader', { name: /model_free_v1/ })).toBeVisible();
  await capture(page, 'templates');

  await page.goto(`${stack.consoleUrl}#/schedules`);
  await expect(page.getByRole('heading', { name: 'New schedule' })).toBeVisible();
  await capture(page, 'schedules');

  await page.goto(`${stack.consoleUrl}#/keys`);
  await page.getByLabel('Name').fill('from the console');
  await page.getByRole('button', { name: 'Issue key' }).click();
  await expect(page.getByTestId('new-key')).toHaveText(/^comfyui_sk_/);
  await expect(page.getByRole('rowheader', { name: /from the console/ })).toBeVisible();
  await capture(page, 'keys');
});
