import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUsersPagesController } from './admin-users.pages.controller.js';
import { AdminPagesController } from './admin.pages.controller.js';
import { ApiToken } from './api-token.entity.js';
import { AuthGuard } from './auth.guard.js';
import { OidcService } from './oidc.service.js';
import { UserSession } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { SignInPagesController } from './sign-in.pages.controller.js';
import { TokensApiController } from './tokens.api.controller.js';
import { TokensService } from './tokens.service.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';
import { WebSessionMiddleware } from './web-session.middleware.js';

/**
 * Who may do what: the admin token and system-scoped API tokens on the API; people with accounts
 * (staff, champions, admins), signed in with a password or single sign-on, on the pages.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken, User, UserSession])],
  controllers: [TokensApiController, SignInPagesController, AdminPagesController, AdminUsersPagesController],
  providers: [TokensService, UsersService, SessionsService, OidcService, WebSessionMiddleware, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokensService, UsersService, SessionsService],
})
export class AccountsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebSessionMiddleware).forRoutes('{*path}');
  }
}
