import { mayEdit, mayPlaceIn } from './coverage.js';

const champion = (systemIds: string[], departments: string[]) => ({ role: 'champion' as const, coverage: { systemIds, departments } });
const claims = { id: 'claims-id', department: 'Claims' };

describe('champion coverage', () => {
  it('lets a champion change a system they cover by department or on its own, and no other', () => {
    expect(mayEdit(champion([], ['Claims']), claims)).toBe(true);
    expect(mayEdit(champion(['claims-id'], []), claims)).toBe(true);
    expect(mayEdit(champion(['other-id'], ['Benefits']), claims)).toBe(false);
  });

  it('never lets staff change a system, whatever coverage is left on their account; always lets admins', () => {
    expect(mayEdit({ role: 'staff', coverage: { systemIds: ['claims-id'], departments: ['Claims'] } }, claims)).toBe(false);
    expect(mayEdit({ role: 'admin', coverage: { systemIds: [], departments: [] } }, claims)).toBe(true);
  });

  it('lets a champion put a system only in a department they cover (covering one system is not enough)', () => {
    expect(mayPlaceIn(champion([], ['Benefits']), 'Benefits')).toBe(true);
    expect(mayPlaceIn(champion(['claims-id'], ['Benefits']), 'Claims')).toBe(false);
    expect(mayPlaceIn({ role: 'admin', coverage: { systemIds: [], departments: [] } }, 'Anywhere')).toBe(true);
  });
});
