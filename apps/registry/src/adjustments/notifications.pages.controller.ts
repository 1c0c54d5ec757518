import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, PageAccess } from '../accounts/page-access.js';
import type { WebUser } from '../accounts/web-user.js';
import { SkipAudit } from '../audit/audit.interceptor.js';
import { NotificationsService } from './notifications.service.js';

type FormBody = Record<string, string | string[] | undefined>;

/**
 * Dismissing the "What has changed" banner on /adjustments: a form post (CSRF-checked like every
 * page form) that marks the notifications it listed as read, then goes back to the list.
 */
@ApiExcludeController()
@Controller('adjustments/notifications')
@PageAccess('staff')
// Dismissing a banner changes nothing in the registry; the audit log keeps to requests and records.
@SkipAudit()
export class NotificationsPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post('read')
  async markRead(@CurrentUser() user: WebUser, @Body() body: FormBody, @Res() res: Response) {
    const raw = body?.notification;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v): v is string => typeof v === 'string');
    await this.notifications.markRead(user.id, ids);
    res.redirect(303, '/adjustments');
  }
}
