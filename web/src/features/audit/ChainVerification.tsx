import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { SUCCESS } from '../ngo/colors';
import { graphql } from '../../gql';
import { formatNumber } from '../../app/format';
import classes from './audit.module.css';

const VerifyDocument = graphql(`
  query VerifyAuditTrail {
    verifyAuditTrail {
      ok
      message
      checked
      fromSequence
      lastSequence
      lastHash
      firstBrokenSequence
      failure
      anchoredSequence
    }
  }
`);

const CheckpointDocument = graphql(`
  query AuditCheckpointAndKey {
    auditCheckpoint {
      sequence
      hash
      signedAt
      keyId
      signature
      signedPayload
    }
    auditSigningKey {
      keyId
      algorithm
      publicKeyPem
    }
  }
`);

/** Recomputes the hash chain on demand and shows the result; the signed head and its public key to download. */
export function ChainVerification() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [verify, { data, loading, error }] = useLazyQuery(VerifyDocument, { fetchPolicy: 'network-only' });
  const cp = useQuery(CheckpointDocument);
  const v = data?.verifyAuditTrail;
  const download = () => {
    if (!cp.data) return;
    const blob = new Blob(
      [JSON.stringify({ checkpoint: cp.data.auditCheckpoint, key: cp.data.auditSigningKey }, null, 2)],
      {
        type: 'application/json',
      },
    );
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `audit-checkpoint-${cp.data.auditCheckpoint.sequence}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="verify-title">
      <Title order={2} size="h3" id="verify-title" mb="xs">
        {t('audit.verifyTitle')}
      </Title>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t('audit.verifyIntro')}</Text>
        <Button onClick={() => void verify()} loading={loading}>
          {t('audit.verify')}
        </Button>
        <div role="status" aria-live="polite" style={{ width: '100%' }}>
          {v && (
            <Alert
              color={v.ok ? SUCCESS : 'red'}
              title={v.ok ? t('audit.chainOk') : t('audit.chainBroken')}
              data-testid="verification"
            >
              <Text>
                {t('audit.checked', {
                  count: v.checked,
                  checked: formatNumber(v.checked, lang),
                  from: v.fromSequence,
                  last: v.lastSequence ?? '—',
                })}
              </Text>
              {v.firstBrokenSequence && (
                <Text fw={600}>{t('audit.firstBroken', { sequence: v.firstBrokenSequence })}</Text>
              )}
              <Text size="sm">{v.message}</Text>
              {v.lastHash && (
                <Text size="xs" className={classes.hash}>
                  {t('audit.lastHash', { hash: v.lastHash })}
                </Text>
              )}
            </Alert>
          )}
          {error && <Alert color="red">{t('failure.unexpected.body')}</Alert>}
        </div>
        {cp.data && (
          <Stack gap={4} align="flex-start">
            <Text size="sm">
              {t('audit.checkpoint', {
                sequence: cp.data.auditCheckpoint.sequence,
                key: cp.data.auditCheckpoint.keyId,
              })}
            </Text>
            <Button variant="default" size="xs" onClick={download}>
              {t('audit.downloadCheckpoint')}
            </Button>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
