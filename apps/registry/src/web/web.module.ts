import { Module } from '@nestjs/common';
import { WebPagesController } from './web.pages.controller.js';

/** The web UI's own pages; each concept's pages live in its module (`<concept>.pages.controller.ts`). */
@Module({ controllers: [WebPagesController] })
export class WebModule {}
