import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import { In, IsNull, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Notification } from './adjustment.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tells the requester that something changed: always in the registry, and by email when
 * ATCOMPAT_SMTP_URL is set. Messages say only that the status changed and where to look, never
 * what the request is about (an email can be read over someone's shoulder or forwarded).
 */
@Injectable()
export class NotificationsService implements OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private transporter: Transporter | null = null;

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly config: AppConfig,
  ) {
    if (config.smtpUrl) this.transporter = nodemailer.createTransport(config.smtpUrl);
  }

  async notify(user: { id: string; email: string }, requestId: string, message: string): Promise<void> {
    await this.notifications.insert({ userId: user.id, requestId, message, readAt: null });
    if (!this.transporter) return;
    const link = this.config.publicUrl ? `${this.config.publicUrl}/adjustments/${requestId}` : 'the Adjustments page of atcompat';
    try {
      await this.transporter.sendMail({
        from: this.config.mailFrom,
        to: user.email,
        subject: 'Your workplace adjustment request has been updated',
        text: `${message}\n\nSign in to see the details: ${link}\n\nThis email does not contain any details of your request.`,
      });
    } catch (error) {
      // Never the address or the message: only that it failed and why (SMTP's own words).
      this.logger.warn(`could not send a status email: ${(error as Error)?.message ?? 'unknown error'}`);
    }
  }

  async unreadFor(userId: string): Promise<Notification[]> {
    return this.notifications.find({ where: { userId, readAt: IsNull() }, order: { createdAt: 'DESC' }, take: 20 });
  }

  async allFor(userId: string): Promise<Notification[]> {
    return this.notifications.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  /**
   * The person dismissed these notifications (only their own, only those they were shown: one
   * that arrived since the page was drawn stays unread).
   */
  async markRead(userId: string, ids: readonly string[]): Promise<void> {
    const wanted = ids.filter((id) => UUID.test(id));
    if (!wanted.length) return;
    await this.notifications.update({ userId, id: In(wanted), readAt: IsNull() }, { readAt: new Date() });
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
