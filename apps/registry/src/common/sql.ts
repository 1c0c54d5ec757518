/** Escapes LIKE wildcards so a search for "100%" finds "100%", not everything. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Collects WHERE conditions with numbered parameters ($1, $2…) for hand-written read queries. */
export class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds a condition; `?` in it stands for `value`. */
  add(condition: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(condition.replace('?', `$${this.params.length}`));
    return this;
  }

  /** Adds a condition without a parameter. */
  raw(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** The next parameter placeholder, for LIMIT/OFFSET after the conditions. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
