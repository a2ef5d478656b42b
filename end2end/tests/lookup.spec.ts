import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { hydrated, PASSWORD, settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('a caller-ID pop-up lands on the caller: through the sign-in, by any form of the number, or on the search', async ({ page }, info) => {
  // Signed out: the sign-in comes first and goes on to the lookup.
  await page.goto('/lookup?phone=' + encodeURIComponent('+49 40 000 0002'));
  await expect(page).toHaveURL(/\/login\?next=/);
  await settle(page, info);
  await page.getByLabel('Login or email').fill('agent');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/customers\/GLOBEX-02$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer Information Center — Globex Inc. (GLOBEX-02)');
  // The demo's ACME-01 is +49 40 0000001, here as a telephony system sends it.
  await page.goto('/lookup?phone=' + encodeURIComponent('+49 (40) 000-0001'));
  await expect(page).toHaveURL(/\/customers\/ACME-01$/);
  // Nobody has this number: the customer search, with the number filled in.
  await page.goto('/lookup?phone=' + encodeURIComponent('+1 555 0100'));
  await expect(page).toHaveURL(/\/\?q=/);
  await settle(page, info);
  await expect(page.getByRole('combobox', { name: 'Search customers' })).toHaveValue('+1 555 0100');
});

test('a number two organizations share opens the chooser, which lists both and leads to either', async ({ page }, info) => {
  test.skip(!hydrated(info), 'creates organizations through the form; the lookup itself needs no JavaScript');
  // Its own number and organizations each run: the suite passes twice on one database.
  const stamp = Date.now().toString(36).toUpperCase();
  const phone = `+49 89 ${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  await signIn(page, info, '/login', 'agent');
  for (const suffix of ['A', 'B']) {
    await page.goto('/organizations/new');
    await settle(page, info);
    await page.getByLabel('Customer ID').fill(`CALL-${stamp}-${suffix}`);
    await page.getByLabel('Name', { exact: true }).fill(`Switchboard ${stamp} ${suffix}`);
    await page.getByLabel('Phone').fill(phone);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/CALL-${stamp}-${suffix}$`));
  }
  await page.goto('/lookup?phone=' + encodeURIComponent(phone.replace('+', '00')));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Who is calling ${phone.replace('+', '00')}?`);
  const list = page.getByRole('main').getByRole('list');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await axe(page, 'lookup chooser');
  await list.getByRole('link', { name: `Switchboard ${stamp} B` }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/CALL-${stamp}-B$`));
});
