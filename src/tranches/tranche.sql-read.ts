import { column, moneySql, registerSqlRead } from '../compiled-reads/registry';
import { Tranche } from './tranche.entity';

/** A tranche in a compiled read (src/compiled-reads/): its amounts in its award's currency. */
registerSqlRead(
  'Tranche',
  Tranche,
  {
    amount: moneySql(column('planned_minor'), (t) => `${t}_award.currency`),
    paidAmount: moneySql(column('paid_minor'), (t) => `${t}_award.currency`, { nullable: true }),
  },
  [(t) => `join award ${t}_award on ${t}_award.id = ${t}.award_id`],
);
