/**
 * The one implementation of `Store`, over any Kysely dialect. The SQLite and
 * PostgreSQL adapters only construct the dialect and pass it here.
 */
import { Kysely, Migrator, type Dialect } from 'kysely';
import { migrationProvider } from './migrations.ts';
import type { Database, Store, StoreKind } from './types.ts';

export class KyselyStore implements Store {
  readonly db: Kysely<Database>;
  #closed = false;

  constructor(
    readonly kind: StoreKind,
    readonly location: string,
    dialect: Dialect,
  ) {
    this.db = new Kysely<Database>({ dialect });
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.kind) });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      // Keep the database error as the cause: it is what an operator needs to read.
      throw new Error(`migration ${failed ?? '(before any migration ran)'} failed on ${this.kind}`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    // Signal handlers and test teardown may both close; the second must be a no-op.
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }

  async meta(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
