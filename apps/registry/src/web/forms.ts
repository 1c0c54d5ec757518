import type { Type } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, InvalidInputError, type FieldError } from '../common/errors.js';
import { createValidationPipe } from '../common/validation.js';
import { renderPage } from './views.js';

/** What a form page needs to show errors: the GOV.UK error summary list and one message a field. */
export interface FormErrors {
  /** For govukErrorSummary `errorList`: `{ text, href: '#field-id' }`, in form order. */
  list: { text: string; href: string }[];
  /** For a component's `errorMessage`: `fields.name` is `{ text }` or undefined. */
  fields: Record<string, { text: string }>;
}

/** How a DTO field appears on a form: its label (for messages) and the id of its first input. */
export interface FieldInfo {
  label: string;
  /** Defaults to the field name; date inputs use `<field>-day`. */
  id?: string;
  /**
   * The message to show instead of the validator's: for a choice ("Select a profile") or a date
   * ("Enter a real date"), where the API's wording (allowed values, YYYY-MM-DD) does not fit a form.
   */
  message?: string;
}

export type FieldMap = Record<string, FieldInfo>;

const pipe = createValidationPipe();

/**
 * Validates form values with the same class-validator DTO (and the same global pipe settings) as
 * the API, so a page and the API refuse the same input with the same rules.
 */
export async function validateForm<T>(dto: Type<T>, values: Record<string, unknown>): Promise<{ value: T; errors?: undefined } | { value?: undefined; errors: FieldError[] }> {
  try {
    return { value: (await pipe.transform(values, { type: 'body', metatype: dto })) as T };
  } catch (error) {
    if (error instanceof InvalidInputError) return { errors: error.errors };
    throw error;
  }
}

/** Turns field errors (from a DTO or a service) into the summary and inline messages, in form order. */
export function formErrors(errors: FieldError[], fields: FieldMap): FormErrors {
  const result: FormErrors = { list: [], fields: {} };
  const order = Object.keys(fields);
  const named = errors.map((e) => ({ ...e, key: e.field.replace(/\[\d+\].*$/, '').replace(/\..*$/, '') }));
  named.sort((a, b) => rank(order, a.key) - rank(order, b.key));
  for (const error of named) {
    if (result.fields[error.key]) continue; // one message a field
    const info = fields[error.key];
    const text = info ? (info.message ?? reword(error.message, error.field, info.label)) : error.message;
    result.fields[error.key] = { text };
    result.list.push({ text, href: `#${info?.id ?? error.key}` });
  }
  return result;
}

/** A domain error from a service (duplicate slug, unknown system…) as errors on the form. */
export function domainFormErrors(error: unknown, fallbackField: string): FieldError[] | null {
  if (!(error instanceof DomainError) || error.status >= 500 || error.status === 401 || error.status === 403) return null;
  if (error.errors.length) return error.errors;
  return [{ field: fallbackField, message: error.message }];
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

/** "releasedOn must be a date written YYYY-MM-DD…" → "Release date must be a date written YYYY-MM-DD…". */
function reword(message: string, field: string, label: string): string {
  const sentence = message.startsWith(`${field} `) ? `${label} ${message.slice(field.length + 1)}` : message;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Form values as posted: a string, several (checkboxes), or nothing. */
export type FormBody = Record<string, string | string[] | undefined>;

/** A text field: trimmed; empty → undefined (so optional DTO fields are left out). */
export function text(body: FormBody, name: string): string | undefined {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
}

/** Checkboxes: always a list (none ticked → []). */
export function list(body: FormBody, name: string): string[] {
  const raw = body[name];
  if (raw === undefined || raw === '') return [];
  return (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== '');
}

/** A textarea with one item a line → a list. */
export function lines(body: FormBody, name: string): string[] {
  return (text(body, name) ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/**
 * govukDateInput's three boxes (`<name>-day`, `-month`, `-year`) → YYYY-MM-DD, or undefined when
 * all are empty. A partly filled or impossible date is returned as typed so the DTO refuses it.
 */
export function dateParts(body: FormBody, name: string): string | undefined {
  const day = text(body, `${name}-day`);
  const month = text(body, `${name}-month`);
  const year = text(body, `${name}-year`);
  if (!day && !month && !year) return undefined;
  return `${year ?? ''}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
}

/** YYYY-MM-DD (or an ISO date-time) → the values of govukDateInput's three boxes. */
export function splitDate(value: string | null | undefined): { day: string; month: string; year: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}

/** Values of a date input as typed, to show them again after an error. */
export function typedDate(body: FormBody, name: string): { day: string; month: string; year: string } {
  return { day: text(body, `${name}-day`) ?? '', month: text(body, `${name}-month`) ?? '', year: text(body, `${name}-year`) ?? '' };
}

/** A list query object (with its defaults and `offset` getter) for calling a service from a page. */
export function queryOf<T extends object>(type: new () => T, values: Partial<T>): T {
  return Object.assign(new type(), values);
}

/** The query string of the non-empty values, e.g. for the CSV link that matches the filters. */
export function queryString(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** How one form post is handled: validate with the DTO, save, redirect (303) — or show the form again. */
export interface FormSubmission<T> {
  res: Response;
  dto: Type<T>;
  /** The values as the DTO expects them (built from the posted body). */
  values: Record<string, unknown>;
  fields: FieldMap;
  /** The form view and its locals; `errors` and `values` are added. */
  view: string;
  locals: Record<string, unknown>;
  /** What the person typed, shown again in the form. */
  typed: Record<string, unknown>;
  /** Field to attach a service error to when it names none (e.g. a duplicate slug → 'slug'). */
  errorField: (error: DomainError) => string;
  /** Saves and returns where to go next. */
  save: (value: T) => Promise<string>;
}

/** Status of a form page shown again with errors. */
export const FORM_ERROR_STATUS = 422;

/** Post → redirect → get, with the GOV.UK error summary and the typed values kept on errors. */
export async function submitForm<T>(form: FormSubmission<T>): Promise<void> {
  const again = (errors: FieldError[]) =>
    renderPage(form.res, form.view, { ...form.locals, values: form.typed, errors: formErrors(errors, form.fields) }, FORM_ERROR_STATUS);
  const checked = await validateForm(form.dto, form.values);
  if (checked.errors) return again(checked.errors);
  let next: string;
  try {
    next = await form.save(checked.value);
  } catch (error) {
    // Not being allowed is no mistake in the form: it gets the 403 page, not an error summary.
    const errors = error instanceof DomainError && error.status !== 403 ? domainFormErrors(error, form.errorField(error)) : null;
    if (!errors) throw error;
    return again(errors);
  }
  form.res.redirect(303, next);
}

/** A duplicate slug is about the slug the person typed, or the name it was made from. */
export function slugErrorField(body: FormBody) {
  return (error: DomainError) => (error.code === 'duplicate-slug' ? (text(body, 'slug') ? 'slug' : 'name') : 'name');
}

/** govukPagination's options for a list page. */
export function pagination(base: string, page: { page: number; totalPages: number }) {
  if (page.totalPages <= 1) return null;
  const href = (n: number) => `${base}?page=${n}`;
  return {
    previous: page.page > 1 ? { href: href(page.page - 1) } : undefined,
    next: page.page < page.totalPages ? { href: href(page.page + 1) } : undefined,
    items: Array.from({ length: page.totalPages }, (_, i) => ({ number: i + 1, href: href(i + 1), current: i + 1 === page.page })),
  };
}
