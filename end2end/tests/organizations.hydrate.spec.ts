import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('create an organization (a field error first), find it, archive it out of the search and back', async ({ page }, info) => {
  // Its own organization each run: the suite passes twice on one database.
  const id = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const name = `Harbour ${id}`;
  await signIn(page, info, '/login', 'agent');
  await page.getByRole('banner').getByRole('link', { name: 'Organizations' }).click();
  await settle(page, info);
  await page.getByRole('link', { name: 'New organization' }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'New organization' })).toBeVisible();
  await page.getByLabel('Customer ID').fill(id);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone').fill('+49 40 555 0199');
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await axe(page, 'new organization');
  await page.getByLabel('Email').fill('info@harbour.example');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${id}$`));
  await settle(page, info);
  const info_ = page.getByRole('region', { name: 'Customer Information' });
  await expect(info_.getByRole('link', { name: '+49 40 555 0199' })).toHaveAttribute('href', 'tel:+49405550199');
  await expect(info_.getByRole('link', { name: 'info@harbour.example' })).toHaveAttribute('href', 'mailto:info@harbour.example');

  // Archive: the badge on its CIC, gone from the search and the default list, under "Archived".
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(page.getByText('Archived', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unarchive', exact: true })).toBeVisible();
  await axe(page, 'archived CIC');
  await page.goto(`/customers?q=${id}`);
  await settle(page, info);
  await expect(page.getByText('No organizations match.')).toBeVisible();
  await page.getByLabel('Show').selectOption('archived');
  await page.getByRole('button', { name: 'Apply' }).click();
  const row = page.getByRole('table', { name: 'Organizations' }).getByRole('row').filter({ hasText: id });
  await expect(row).toContainText('Archived');
  await axe(page, 'organizations');
  await row.getByRole('link', { name: id }).click();
  await settle(page, info);
  await page.getByRole('button', { name: 'Unarchive', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Archive', exact: true })).toBeVisible();
  await expect(page.getByText('Archived', { exact: true })).toBeHidden();
  await page.goto('/');
  await settle(page, info);
  await page.getByRole('combobox', { name: 'Search customers' }).fill(id);
  await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toContainText(name);
});

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

test('upload a logo (a text file refused at the field first), see it on the CIC and in Organizations, remove it', async ({ page }, info) => {
  const id = `LOGO-${Date.now().toString(36).toUpperCase()}`;
  await signIn(page, info, '/login', 'agent');
  await page.goto('/organizations/new');
  await settle(page, info);
  await page.getByLabel('Customer ID').fill(id);
  await page.getByLabel('Name', { exact: true }).fill(`Logo ${id}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${id}$`));
  await settle(page, info);
  const card = page.getByRole('region', { name: 'Customer Information' });
  await card.getByRole('button', { name: 'Edit' }).click();
  // The name says PNG, the bytes do not: refused at the field, back on the form.
  await card.getByLabel(/^Logo/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('just text') });
  await card.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page).toHaveURL(/logo_error=type/);
  await settle(page, info);
  await expect(card.getByRole('alert')).toHaveText('The logo was not saved: Choose a PNG, JPEG or WebP image.');
  await axe(page, 'logo refused');
  await card.getByRole('button', { name: 'Edit' }).click();
  await expect(card.getByLabel(/^Logo/)).toHaveAttribute('aria-invalid', 'true');
  // A PNG named .exe is a PNG.
  await card.getByLabel(/^Logo/).setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from(PNG, 'base64') });
  await card.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${id}$`));
  await settle(page, info);
  const logo = page.locator('.page-head img.logo');
  await expect(logo).toHaveAttribute('src', /^\/logos\/\d+$/);
  await expect.poll(() => logo.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(1);
  await page.goto(`/customers?q=${id}`);
  await settle(page, info);
  await expect(page.getByRole('table', { name: 'Organizations' }).locator('img.logo')).toHaveCount(1);
  await page.goto(`/customers/${id}`);
  await settle(page, info);
  await card.getByRole('button', { name: 'Edit' }).click();
  await card.getByRole('button', { name: 'Remove logo' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${id}$`));
  await settle(page, info);
  await expect(page.locator('.page-head img.logo')).toBeHidden();
  await expect(page.locator('.page-head img.logo')).not.toHaveAttribute('src', /.+/);
});
