import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../app/format';

interface Submission {
  id: string;
  version: number;
  submittedAt: string;
  periodFrom: string;
  periodTo: string;
  narrative: string;
  reviewComment?: string | null;
  spending: { category: string; amount: { amount: string; currency: string } }[];
  beneficiaries: { total: number };
}

/** Every version of the report the organisation submitted, newest first, with the secretariat's comments. */
export function ReportHistory({ submissions }: { submissions: readonly Submission[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  if (!submissions.length) return null;
  return (
    <section aria-labelledby="report-history">
      <Title order={2} size="h3" id="report-history" mb="xs">
        {t('report.history')}
      </Title>
      <Stack gap="xs">
        {[...submissions].reverse().map((s) => (
          <Paper key={s.id} withBorder p="sm">
            <Text fw={500}>
              {t('report.versionLine', { version: s.version, date: formatDate(s.submittedAt, lang, true) })}
            </Text>
            <Text size="sm">
              {t('report.periodLine', { from: formatDate(s.periodFrom, lang), to: formatDate(s.periodTo, lang) })}
            </Text>
            <Text size="sm">{t('report.victimsLine', { count: s.beneficiaries.total })}</Text>
            <Text size="sm">
              {t('report.spendingLine', {
                lines: s.spending.map((l) => `${l.category}: ${formatMoney(l.amount, lang)}`).join('; ') || '—',
              })}
            </Text>
            {s.reviewComment && (
              <Text size="sm" mt={4}>
                {t('report.reviewComment', { comment: s.reviewComment })}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
    </section>
  );
}
