import { useState } from 'react';
import { Alert, Button, Group, Paper, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { downloadWithToken } from './download';

interface Props {
  fund: { id: string; code: string };
  from: string;
  to: string;
}

/** The fund's files for auditors: the statement (PDF, CSV), the period's ledger lines, the open-data exports. */
export function FundDownloads({ fund, from, to }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const period = `from=${from}&to=${to}`;
  const code = encodeURIComponent(fund.code);
  const files = [
    {
      key: 'statementPdf',
      url: `/documents/fund-statement/${encodeURIComponent(fund.id)}?${period}&lang=${lang}`,
      name: `${fund.code}-statement-${from}-${to}-${lang}.pdf`,
    },
    {
      key: 'statementCsv',
      url: `/exports/funds/${code}/statement.csv?${period}`,
      name: `${fund.code}-statement-${from}-${to}.csv`,
    },
    {
      key: 'ledgerCsv',
      url: `/exports/funds/${code}/ledger.csv?${period}`,
      name: `${fund.code}-ledger-${from}-${to}.csv`,
    },
    { key: 'giving360', url: `/exports/funds/${code}/360giving.json`, name: `${fund.code}-360giving.json` },
    { key: 'iati', url: `/exports/funds/${code}/iati.xml`, name: `${fund.code}-iati.xml` },
  ] as const;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="downloads-title">
      <Title order={2} size="h3" id="downloads-title" mb="sm">
        {t('downloads.title')}
      </Title>
      <Group gap="sm" wrap="wrap">
        {files.map((f) => (
          <Button
            key={f.key}
            variant="outline"
            loading={busy === f.key}
            onClick={() => {
              setBusy(f.key);
              setFailure(null);
              void downloadWithToken(f.url, f.name).then((code) => {
                setBusy(null);
                setFailure(code);
              });
            }}
          >
            {t(`downloads.${f.key}`)}
          </Button>
        ))}
      </Group>
      {failure && (
        <Alert color="red" role="alert" mt="sm">
          {t('downloads.failed', { code: i18n.exists(`errors.${failure}`) ? t(`errors.${failure}`) : failure })}
        </Alert>
      )}
    </Paper>
  );
}
