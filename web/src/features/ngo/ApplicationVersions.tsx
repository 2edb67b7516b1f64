import { List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../app/format';

interface Version {
  version: number;
  submittedAt: string;
  changes?: unknown;
}

const LABEL: Record<string, string> = {
  projectTitle: 'appForm.projectTitle',
  summary: 'appForm.summary',
  requestedMinor: 'application.requestedAmount',
  durationMonths: 'appForm.durationMonths',
  startDate: 'appForm.startDate',
  countries: 'appForm.countries',
  budgetLines: 'appForm.budget.title',
  targetBeneficiaries: 'appForm.targets.title',
};

/** Each submitted version, with the fields it changed from the one before. */
export function ApplicationVersions({ versions }: { versions: readonly Version[]; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  if (!versions.length) return null;
  return (
    <section aria-labelledby="versions-title">
      <Title order={2} size="h3" id="versions-title" mb="xs">
        {t('appPage.history')}
      </Title>
      <Stack gap="xs">
        {[...versions].reverse().map((v) => {
          const after = (v.changes as { after?: Record<string, unknown> } | null)?.after ?? null;
          const fields = after ? Object.keys(after).filter((k) => LABEL[k]) : [];
          return (
            <div key={v.version}>
              <Text fw={500}>
                {t('appPage.versionLine', { version: v.version, date: formatDate(v.submittedAt, lang, true) })}
              </Text>
              {after === null ? (
                <Text size="sm">{t('appPage.firstVersion')}</Text>
              ) : fields.length ? (
                <List size="sm">
                  {fields.map((f) => (
                    <List.Item key={f}>{t('appPage.changedField', { field: t(LABEL[f]!) })}</List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm">{t('appPage.noChange')}</Text>
              )}
            </div>
          );
        })}
      </Stack>
    </section>
  );
}
