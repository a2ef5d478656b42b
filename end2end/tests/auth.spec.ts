import { expect, test } from '@playwright/test';
import { PASSWORD, settle, signIn } from './helpers';

test('agent: a wrong password shows an error and keeps the login typed', async ({ page }, info) => {
  await page.goto('/login');
  await settle(page, info);
  await page.getByLabel('Login or email').fill('agent');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong login or password.');
  await expect(page.getByLabel('Login or email')).toHaveValue('agent');
  await expect(page).toHaveURL(/\/login/);
});

test('agent: signs in, reload keeps the session, sign out ends it', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  await expect(page.getByRole('heading', { level: 1, name: 'Find a customer' })).toBeVisible();
  await expect(page.getByText('Alice Agent')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Find a customer' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('agent pages send an anonymous visitor to sign in, then back', async ({ page }, info) => {
  await page.goto('/customers/ACME-01');
  await expect(page).toHaveURL(/\/login\?next=%2F?\/?customers\/ACME-01|\/login\?next=\/customers\/ACME-01/);
  await settle(page, info);
  await page.getByLabel('Login or email').fill('agent@panorama.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/customers\/ACME-01$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Customer Information Center — Acme Corporation (ACME-01)');
});

test('a portal session is not an agent session', async ({ page }, info) => {
  await signIn(page, info, '/portal/login', 'anna');
  await page.goto('/customers/ACME-01');
  await expect(page).toHaveURL(/\/login\?next=/);
});
