import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiToken } from './api-token.entity.js';
import { AuthGuard } from './auth.guard.js';
import { TokensApiController } from './tokens.api.controller.js';
import { TokensService } from './tokens.service.js';

/** Who may change the registry: the admin token and system-scoped API tokens (no user accounts yet). */
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken])],
  controllers: [TokensApiController],
  providers: [TokensService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokensService],
})
export class AccountsModule {}
