import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Role } from '../accounts/user.entity.js';
import { UsersService } from '../accounts/users.service.js';

/** The demo's people: one of each role; the champion covers the casework system's department. */
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; departments?: string[] }[] = [
  { email: 'sam.staff@demo.atcompat.test', name: 'Sam Staff', role: 'staff' },
  { email: 'cara.champion@demo.atcompat.test', name: 'Cara Champion', role: 'champion', departments: ['Benefits Operations'] },
  { email: 'ada.admin@demo.atcompat.test', name: 'Ada Admin', role: 'admin' },
];

/**
 * Makes the demo accounts (or gives them a new password): like the demo admin token, the password
 * is made for this run only and printed once, so a demo left running on a network has no
 * well-known password.
 */
export async function ensureDemoAccounts(app: INestApplicationContext): Promise<{ password: string; accounts: typeof DEMO_ACCOUNTS }> {
  const users = app.get(UsersService);
  const password = `demo-${randomBytes(12).toString('base64url')}`;
  for (const account of DEMO_ACCOUNTS) {
    const existing = await users.findByEmail(account.email);
    if (existing) await users.setPassword(existing.id, password);
    else await users.create({ ...account, password });
  }
  return { password, accounts: DEMO_ACCOUNTS };
}
