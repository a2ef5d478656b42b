import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

test('Organizations lists, searches and sorts by links and a form (also without JavaScript)', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  await page.goto('/customers');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Organizations' });
  await table.getByRole('link', { name: 'Open tickets' }).click();
  await expect(page).toHaveURL(/sort=open/);
  await expect(table.getByRole('columnheader', { name: 'Open tickets' })).toHaveAttribute('aria-sort', 'descending');
  // ACME-01 has the most open tickets of the demo.
  await expect(table.getByRole('row').nth(1)).toContainText('ACME-01');
  await page.getByLabel('Search').fill('globex');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await table.getByRole('link', { name: 'GLOBEX-02' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer Information Center — Globex Inc. (GLOBEX-02)');
});
