import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { PageQuery } from '../common/pagination.js';
import { uuidParam } from '../compatibility/compatibility.api.controller.js';
import { AdminOnly } from './access.decorator.js';
import { CreateTokenDto } from './dto/create-token.dto.js';
import { CreatedTokenResponse, TokenResponse } from './dto/token.response.js';
import { TokensService } from './tokens.service.js';

@ApiTags('API tokens')
@Controller('api/v1/tokens')
@AdminOnly()
export class TokensApiController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTokenResponse, description: 'The token is in `token`, shown this once.' })
  create(@Body() dto: CreateTokenDto) {
    return this.tokens.create(dto);
  }

  @Get()
  @ApiPageResponse(TokenResponse, 'A page of tokens, newest first; never their secrets.')
  list(@Query() query: PageQuery) {
    return this.tokens.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: the token stops working at once.' })
  remove(@Param('id', uuidParam('id')) id: string) {
    return this.tokens.remove(id);
  }
}
