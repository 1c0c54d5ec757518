import type { INestApplicationContext } from '@nestjs/common';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import { KnownIssuesService } from '../compatibility/known-issues.service.js';
import { RecordsService } from '../compatibility/records.service.js';
import { SystemsService } from '../systems/systems.service.js';
import { DEMO_ATS, DEMO_KNOWN_ISSUES, DEMO_RECORDS, DEMO_SYSTEMS } from './demo-data.js';

/**
 * Loads the demo catalogue through the same services the API uses, so it obeys the same rules.
 * Does nothing (returns false) when the registry already holds any assistive technology.
 */
export async function seedDemoData(app: INestApplicationContext): Promise<boolean> {
  const ats = app.get(AssistiveTechService);
  const systems = app.get(SystemsService);
  const records = app.get(RecordsService);
  const issues = app.get(KnownIssuesService);

  const existing = await ats.list(Object.assign(Object.create(null), { page: 1, pageSize: 1, offset: 0 }));
  if (existing.total > 0) return false;

  for (const { versions, ...at } of DEMO_ATS) {
    await ats.create(at);
    for (const version of versions) await ats.addVersion(at.slug, version);
  }
  for (const { releases, ...system } of DEMO_SYSTEMS) {
    await systems.create(system);
    for (const release of releases) await systems.addRelease(system.slug, release);
  }
  for (const { evidence, at, ...record } of DEMO_RECORDS) {
    const created = await records.create({ ...record, assistiveTechnology: at });
    for (const entry of evidence) await records.addEvidence(created.id, entry);
  }
  for (const issue of DEMO_KNOWN_ISSUES) await issues.create(issue);
  return true;
}
