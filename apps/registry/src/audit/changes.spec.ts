import { NOT_RECORDED_VALUE, recordChange, takeChanges, withChangeLog } from './changes.js';

describe('audit change log', () => {
  it('keeps only the fields that changed, with their values before and after', () => {
    const changes = withChangeLog(() => {
      recordChange('system', 's1', { name: 'Casework', owner: 'A', urls: [], updatedAt: new Date(0) }, { name: 'Casework', owner: 'B', urls: ['https://x.test'], updatedAt: new Date() });
      return takeChanges();
    });
    expect(changes).toEqual([
      { recordType: 'system', recordId: 's1', action: 'updated', fields: [{ field: 'owner', before: 'A', after: 'B' }, { field: 'urls', before: null, after: 'https://x.test' }] },
    ]);
  });

  it("names an adjustment request's free text but never copies it", () => {
    const changes = withChangeLog(() => {
      recordChange('adjustment', 'r1', null, { barrier: 'I cannot see the screen', status: 'submitted', contactDetails: '' });
      return takeChanges();
    });
    expect(changes[0]!.fields).toEqual([
      { field: 'barrier', before: null, after: NOT_RECORDED_VALUE },
      { field: 'status', before: null, after: 'submitted' },
      { field: 'contactDetails', before: null, after: NOT_RECORDED_VALUE },
    ]);
    expect(JSON.stringify(changes)).not.toContain('I cannot see the screen');
  });

  it('merges two writes to one record into one entry, and notes nothing outside a request', () => {
    const changes = withChangeLog(() => {
      recordChange('token', 't1', null, { name: 'CI' });
      recordChange('token', 't1', null, { systems: ['casework'] });
      return takeChanges();
    });
    expect(changes).toEqual([{ recordType: 'token', recordId: 't1', action: 'created', fields: [{ field: 'name', before: null, after: 'CI' }, { field: 'systems', before: null, after: 'casework' }] }]);
    recordChange('system', 's1', null, { name: 'x' });
    expect(takeChanges()).toEqual([]);
  });
});
