import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Role } from '../accounts/user.entity.js';
import { UsersService } from '../accounts/users.service.js';

/**
 * The demo's people: one of each role. Sam works in Benefits Operations and Cara covers it, so
 * Cara triages Sam's requests (who sees a request follows the requester's department).
 */
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; department: string; departments?: string[] }[] = [
  { email: 'sam.staff@demo.atcompat.test', name: 'Sam Staff', role: 'staff', department: 'Benefits Operations' },
  { email: 'cara.champion@demo.atcompat.test', name: 'Cara Champion', role: 'champion', department: 'Benefits Operations', departments: ['Benefits Operations'] },
  { email: 'ada.admin@demo.atcompat.test', name: 'Ada Admin', role: 'admin', department: 'Digital Services' },
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
    if (existing) {
      await users.setPassword(existing.id, password);
      // Demo data from before accounts had departments: give them theirs, so the demo still works.
      if (existing.department === null) await users.setDepartment(existing.id, account.department);
    } else {
      await users.create({ ...account, password });
    }
  }
  return { password, accounts: DEMO_ACCOUNTS };
}
