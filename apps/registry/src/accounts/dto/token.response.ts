import { ApiProperty } from '@nestjs/swagger';
import type { ApiToken } from '../api-token.entity.js';

class SystemRef {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class TokenResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'atc_3f9c0e1a2b4d6f80', description: 'The public start of the token, to recognise it; never the secret.' })
  prefix!: string;
  @ApiProperty({ type: [SystemRef] }) systems!: SystemRef[];
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty() createdAt!: string;

  static from(token: ApiToken, systems: SystemRef[]): TokenResponse {
    return Object.assign(new TokenResponse(), TokenResponse.fields(token, systems));
  }

  protected static fields(token: ApiToken, systems: SystemRef[]) {
    return {
      id: token.id,
      name: token.name,
      prefix: `atc_${token.keyId}`,
      systems: systems.map(({ slug, name }) => ({ slug, name })),
      expiresAt: token.expiresAt?.toISOString() ?? null,
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      createdAt: token.createdAt.toISOString(),
    };
  }
}

export class CreatedTokenResponse extends TokenResponse {
  @ApiProperty({
    example: 'atc_3f9c0e1a2b4d6f80_Jx6n0wq3…',
    description: 'The token. Shown this once and never again (only a hash is stored): put it in the CI secret store now.',
  })
  token!: string;

  static withSecret(token: ApiToken, systems: SystemRef[], secret: string): CreatedTokenResponse {
    return Object.assign(new CreatedTokenResponse(), TokenResponse.fields(token, systems), { token: secret });
  }
}
