import { registerSqlRead } from '../compiled-reads/registry';
import { Review } from './review.entity';

/**
 * A review in a compiled read (src/compiled-reads/). Who reads reviews is the application's
 * `reviews` relation's rule (src/applications/application.sql-read.ts).
 */
registerSqlRead('Review', Review, {
  weightedTotal: { kind: 'scalar', sql: (r) => `(${r}.weighted_hundredths::float8 / 100)` },
});
