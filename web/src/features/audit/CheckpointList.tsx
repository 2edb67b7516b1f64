import { Badge, Button, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { formatDate } from '../../app/format';
import { SUCCESS } from '../ngo/colors';

const CheckpointsDocument = graphql(`
  query AuditCheckpoints {
    auditCheckpoints(first: 20) {
      sequence
      hash
      signedAt
      keyId
      signature
      signedPayload
      previousSequence
      signedByThisServer
      matchesChain
    }
    auditSigningKey {
      keyId
      algorithm
      publicKeyPem
      publicKeyJwk
    }
  }
`);

/** The checkpoints stored outside the database, newest first, each checked now and downloadable with the key. */
export function CheckpointList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data } = useQuery(CheckpointsDocument, { fetchPolicy: 'cache-and-network' });
  const list = data?.auditCheckpoints ?? [];
  const download = (cp: (typeof list)[number]) => {
    const blob = new Blob([JSON.stringify({ checkpoint: cp, key: data?.auditSigningKey }, null, 2)], {
      type: 'application/json',
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `audit-checkpoint-${cp.sequence}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="checkpoints-title">
      <Title order={2} size="h3" id="checkpoints-title" mb="xs">
        {t('checkpoints.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('checkpoints.intro')}
      </Text>
      {data && list.length === 0 && <Text c="dimmed">{t('checkpoints.none')}</Text>}
      {list.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={t('checkpoints.caption')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('checkpoints.sequence')}</Table.Th>
                <Table.Th scope="col">{t('checkpoints.signedAt')}</Table.Th>
                <Table.Th scope="col">{t('checkpoints.key')}</Table.Th>
                <Table.Th scope="col">{t('checkpoints.signature')}</Table.Th>
                <Table.Th scope="col">{t('checkpoints.chain')}</Table.Th>
                <Table.Th scope="col">{t('checkpoints.download')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((cp) => (
                <Table.Tr key={cp.sequence} data-testid="checkpoint-row">
                  <Table.Td>{cp.sequence}</Table.Td>
                  <Table.Td>{formatDate(cp.signedAt, lang, true)}</Table.Td>
                  <Table.Td>
                    <code>{cp.keyId.slice(0, 12)}</code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={cp.signedByThisServer ? SUCCESS : 'red.9'}>
                      {cp.signedByThisServer ? t('checkpoints.valid') : t('checkpoints.otherKey')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={cp.matchesChain ? SUCCESS : 'red.9'}>
                      {cp.matchesChain ? t('checkpoints.matches') : t('checkpoints.differs')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="outline"
                      aria-label={t('checkpoints.downloadLabel', { sequence: cp.sequence })}
                      onClick={() => download(cp)}
                    >
                      {t('checkpoints.download')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
