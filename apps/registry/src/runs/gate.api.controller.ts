import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, ScopedRead } from '../accounts/access.decorator.js';
import type { Principal } from '../accounts/principal.js';
import { GatePolicyResponse, GateResponse, UpdateGatePolicyDto } from './dto/gate.dto.js';
import { GateService } from './gate.service.js';

@ApiTags('rollout gate')
@Controller('api/v1/systems/:slug')
export class GateApiController {
  constructor(private readonly gate: GateService) {}

  @Get('gate-policy')
  @ApiOkResponse({ type: GatePolicyResponse, description: 'Which assistive technologies must not be blocked before rollout.' })
  policy(@Param('slug') slug: string) {
    return this.gate.policy(slug);
  }

  @Put('gate-policy')
  @AdminOnly()
  @ApiOkResponse({ type: GatePolicyResponse })
  updatePolicy(@Param('slug') slug: string, @Body() dto: UpdateGatePolicyDto) {
    return this.gate.updatePolicy(slug, dto);
  }

  @Get('releases/:version/gate')
  @ScopedRead()
  @ApiOkResponse({
    type: GateResponse,
    description: 'pass when no required assistive technology is blocked (does-not-work) or untested with nothing covering it; a reason per AT.',
  })
  evaluate(@Param('slug') slug: string, @Param('version') version: string, @CurrentPrincipal() principal: Principal) {
    return this.gate.gate(slug, version, principal);
  }
}
