import { column, moneySql, registerSqlRead } from '../compiled-reads/registry';
import '../tranches/tranche.sql-read';
import { Award } from './award.entity';

/** An award with its tranches in a compiled read (src/compiled-reads/). */
registerSqlRead('Award', Award, {
  amount: moneySql(column('amount_minor'), column('currency')),
  released: moneySql(column('released_minor'), column('currency')),
  refunded: moneySql(column('refunded_minor'), column('currency')),
  tranches: {
    kind: 'relation',
    type: 'Tranche',
    list: true,
    on: (w, t) => `${t}.award_id = ${w}.id`,
    orderBy: column('number'),
  },
});
