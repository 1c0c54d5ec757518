import { accessTo, type RequestScope, type Viewer } from './privacy.js';

const request: RequestScope = { requesterId: 'rita', requesterDepartment: 'Department for Casework' };
const viewer = (id: string, role: Viewer['role'], systemIds: string[] = [], departments: string[] = []): Viewer => ({ id, role, coverage: { systemIds, departments } });

describe('adjustment request privacy', () => {
  it('lets the requester see their own request', () => {
    expect(accessTo(viewer('rita', 'staff'), request)).toBe('requester');
  });

  it('hides it from other staff, whatever they cover', () => {
    expect(accessTo(viewer('oscar', 'staff'), request)).toBe('none');
    // Coverage only counts for champions: a member of staff with leftover coverage sees nothing.
    expect(accessTo(viewer('oscar', 'staff', ['casework-id'], ['Department for Casework']), request)).toBe('none');
  });

  it("lets a champion covering the requester's department triage it, and hides it from other champions", () => {
    expect(accessTo(viewer('cara', 'champion', [], ['Department for Casework']), request)).toBe('triager');
    expect(accessTo(viewer('paul', 'champion', ['payroll-id'], ['HR']), request)).toBe('none');
  });

  it('does not let covering a system grant access to requests about it', () => {
    expect(accessTo(viewer('sid', 'champion', ['casework-id']), request)).toBe('none');
  });

  it('shows a request from someone with no department to admins only', () => {
    const unplaced: RequestScope = { requesterId: 'rita', requesterDepartment: null };
    expect(accessTo(viewer('cara', 'champion', [], ['Department for Casework']), unplaced)).toBe('none');
    expect(accessTo(viewer('ada', 'admin'), unplaced)).toBe('triager');
    expect(accessTo(viewer('rita', 'staff'), unplaced)).toBe('requester');
  });

  it('lets admins triage everything', () => {
    expect(accessTo(viewer('ada', 'admin'), request)).toBe('triager');
  });

  it('never lets people triage their own request', () => {
    expect(accessTo(viewer('rita', 'champion', [], ['Department for Casework']), request)).toBe('requester');
    expect(accessTo(viewer('rita', 'admin'), request)).toBe('requester');
  });
});
