import { expect, test } from '@playwright/test';
import { DEMO_ADMIN_KEY, nextCode, PASSWORD, settle, signIn } from './helpers';

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
  // The shell shows who signed in (a new document after the sign-in redirect, not the login page's viewer).
  await expect(page.getByRole('banner')).toContainText('Alice Agent');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a portal session is not an agent session', async ({ page }, info) => {
  await signIn(page, info, '/portal/login', 'anna');
  await page.goto('/customers/ACME-01');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('a read-only agent reads customers and tickets, and is offered no change', async ({ page }, info) => {
  await signIn(page, info, '/login', 'reader');
  const bar = page.getByRole('banner');
  await expect(bar).toContainText('Rita Reader');
  await expect(bar.getByRole('link', { name: 'New ticket' })).toHaveCount(0);
  await expect(bar.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Customer Information Center — Acme Corporation (ACME-01)');
  // The CIC offers a reader nothing that changes data (and the server would refuse it with the reason).
  const users = page.getByRole('region', { name: 'Customer Users' });
  await expect(users.getByRole('link', { name: 'Anna Anders', exact: true })).toBeVisible();
  await expect(users.getByRole('link', { name: 'Create Phone Ticket' })).toHaveCount(0);
  await expect(users.getByRole('link', { name: /^Edit / })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Customer Information' }).getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await page.goto('/customer-users/anna');
  await settle(page, info);
  await expect(page.getByRole('link', { name: 'Edit customer user' })).toHaveCount(0);
  await page.goto('/tickets?company=ACME-01&class=open');
  await settle(page, info);
  await page.getByRole('link', { name: /^\d{16}$/ }).first().click();
  await expect(page.getByRole('region', { name: 'Ticket information' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Articles' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Add article' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Change ticket' })).toHaveCount(0);
  // The new-ticket page is refused with the reason (403), not an empty form.
  const res = await page.goto('/tickets/new?type=phone&company=ACME-01&customer_user=anna');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('alert')).toHaveText('Your role (read-only agent) may not create or change tickets.');
});

test('admin: a right password asks for the code; a wrong one says so; the right one signs in', async ({ page }, info) => {
  await page.goto('/login?next=/audit');
  await settle(page, info);
  await page.getByLabel('Login or email').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/second-factor\?next=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor authentication' })).toBeVisible();
  await settle(page, info);
  await page.getByLabel('Authentication code').fill('12345x');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong or already used code: type the one your app shows now.');
  await page.getByLabel('Authentication code').fill(await nextCode(DEMO_ADMIN_KEY));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Audit');
});
