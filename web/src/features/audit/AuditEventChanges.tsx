import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changes, show } from './diff';
import classes from './audit.module.css';

/** The fields an event changed, before and after side by side, the change highlighted. */
export function AuditEventChanges({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const list = changes(before as Record<string, unknown> | null, after as Record<string, unknown> | null);
  if (list.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('audit.noChange')}
      </Text>
    );
  return (
    <table className={classes.diff}>
      <caption className={classes.srOnly}>{t('audit.changesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('audit.field')}</th>
          <th scope="col">{t('audit.before')}</th>
          <th scope="col">{t('audit.after')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((c) => (
          <tr key={c.field} data-kind={c.kind}>
            <th scope="row">{c.field}</th>
            <td className={c.kind === 'added' ? undefined : classes.before}>
              {c.kind === 'added' ? <span className={classes.none}>{t('audit.none')}</span> : show(c.before)}
            </td>
            <td className={c.kind === 'removed' ? undefined : classes.after}>
              {c.kind === 'removed' ? <span className={classes.none}>{t('audit.none')}</span> : show(c.after)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
