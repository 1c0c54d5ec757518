import { CreateSystemDto } from '../systems/dto/create-system.dto.js';
import { dateParts, formErrors, lines, list, splitDate, text, validateForm } from './forms.js';

describe(formErrors.name, () => {
  const fields = {
    name: { label: 'Name' },
    platform: { label: 'Platform', message: 'Select how people use the system' },
    releasedOn: { label: 'Release date', id: 'releasedOn-day' },
  };

  it('lists errors in form order, one a field, linking to the first input of each', () => {
    const errors = formErrors(
      [
        { field: 'releasedOn', message: 'releasedOn must be a date written YYYY-MM-DD, for example 2025-03-31' },
        { field: 'name', message: 'name must not be blank' },
        { field: 'name', message: 'name must be shorter than or equal to 200 characters' },
        { field: 'platform', message: 'platform must be one of: web, desktop, citrix' },
      ],
      fields,
    );
    expect(errors.list).toEqual([
      { text: 'Name must not be blank', href: '#name' },
      { text: 'Select how people use the system', href: '#platform' },
      { text: 'Release date must be a date written YYYY-MM-DD, for example 2025-03-31', href: '#releasedOn-day' },
    ]);
    expect(errors.fields.name).toEqual({ text: 'Name must not be blank' });
  });

  it('files an error on a list item under the list', () => {
    const errors = formErrors([{ field: 'urls[1]', message: 'each of urls must be a web address' }], { urls: { label: 'Web addresses' } });
    expect(errors.list).toEqual([{ text: 'Each of urls must be a web address', href: '#urls' }]);
  });
});

describe(validateForm.name, () => {
  it('refuses what the API refuses, with the same field names', async () => {
    const { errors } = await validateForm(CreateSystemDto, { name: '', owner: 'Team', department: 'Dept', platform: 'web', lifecycle: 'soon', urls: [] });
    expect(errors?.map((e) => e.field).sort()).toEqual(['lifecycle', 'name']);
  });

  it('gives back the DTO when the values are good', async () => {
    const { value } = await validateForm(CreateSystemDto, { name: ' Payroll ', owner: 'Team', department: 'Dept', platform: 'web', lifecycle: 'live' });
    expect(value).toBeInstanceOf(CreateSystemDto);
    expect(value?.name).toBe('Payroll');
  });
});

describe('form values', () => {
  it('reads text, checkboxes and lines', () => {
    const body = { a: '  x ', b: '', c: 'one', d: ['one', 'two'], e: 'https://a\r\n\r\n https://b ' };
    expect(text(body, 'a')).toBe('x');
    expect(text(body, 'b')).toBeUndefined();
    expect(list(body, 'c')).toEqual(['one']);
    expect(list(body, 'd')).toEqual(['one', 'two']);
    expect(list(body, 'missing')).toEqual([]);
    expect(lines(body, 'e')).toEqual(['https://a', 'https://b']);
  });

  it('joins and splits govukDateInput values', () => {
    expect(dateParts({ 'd-day': '2', 'd-month': '3', 'd-year': '2026' }, 'd')).toBe('2026-03-02');
    expect(dateParts({ 'd-day': '', 'd-month': '', 'd-year': '' }, 'd')).toBeUndefined();
    expect(dateParts({ 'd-day': '31', 'd-month': '2', 'd-year': '' }, 'd')).toBe('-02-31');
    expect(splitDate('2026-03-02')).toEqual({ day: '2', month: '3', year: '2026' });
    expect(splitDate(null)).toEqual({ day: '', month: '', year: '' });
  });
});
