import type { Page } from '@playwright/test';

/**
 * ORT's node-assignment warning arrives through console.error; it is the one
 * message allowed. Everything else logged as an error fails the test.
 */
const ALLOWED = [/Some nodes were not assigned to the preferred execution providers/];

export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !ALLOWED.some((re) => re.test(msg.text()))) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}
