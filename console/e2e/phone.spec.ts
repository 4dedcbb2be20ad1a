import { expect, test, type Page } from '@playwright/test';
import { capture, sample, signInWithKey, stack, submitThroughApi } from './stack';

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'page wider than the screen').toBeLessThanOrEqual(0);
}

test('at 390 px the jobs and job pages fit the screen and the menu opens', async ({ page }) => {
  const id = await submitThroughApi(stack.keyA, sample('model_free_v1.json'));
  await signInWithKey(page, stack.keyA);
  await expect(page.locator(`[data-job-id="${id}"]`)).toBeVisible();
  await fitsTheScreen(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  await capture(page, 'jobs-phone');

  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Jobs' }).click();
  await page.locator(`[data-job-id="${id}"]`).getByRole('link').click();

  await expect(page.locator('.job-page')).toHaveAttribute('data-status', 'completed');
  await fitsTheScreen(page);
  await capture(page, 'job-phone');
});
