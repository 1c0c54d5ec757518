import { randomBytes } from 'node:crypto';

/** A short token no other test uses, for slugs, names and emails. */
export const tok = (): string => `t${randomBytes(5).toString('hex')}`;

/** The error `promise` rejects with, checked to be a `type` with these properties. */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  shape: Record<string, unknown> = {},
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(error).toMatchObject(shape);
  return error as E;
}
