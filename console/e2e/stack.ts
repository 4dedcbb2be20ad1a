import { expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the test's local stack told us: where the console is and one key each for two tenants. */
export const stack = {
  consoleUrl: required('COMFYLESS_CONSOLE_URL'),
  apiUrl: required('COMFYLESS_API_URL'),
  keyA: required('COMFYLESS_KEY_A'),
  keyB: required('COMFYLESS_KEY_B'),
};

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = resolve(process.env.COMFYLESS_SCREENSHOT_DIR ?? join(here, '..', 'target', 'screenshots'));

/** The project's sample workflows, as a user would upload them. */
export function sample(name: string): string {
  return readFileSync(join(here, '..', '..', 'samples', 'workflows', name), 'utf8');
}

export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8');
}

export async function signInWithKey(page: Page, key: string): Promise<void> {
  await page.goto(stack.consoleUrl);
  await page.getByRole('textbox', { name: 'API key' }).fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
}

export async function capture(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Submits a workflow through the API (the setup of a test, not what it tests); returns its id. */
export async function submitThroughApi(key: string, workflow: string): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/v1/workflows/execute`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ workflow: JSON.parse(workflow) }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { execution_id: string }).execution_id;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: these tests run from ConsoleBrowserIT, which starts the stack they need`);
  }
  return value;
}
